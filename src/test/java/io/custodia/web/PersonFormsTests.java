package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.identity.StaffPrincipal;
import java.util.Set;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The person forms as a browser posts them: bad input is shown next to its field and nothing is written. */
@AutoConfigureMockMvc
abstract class PersonFormsTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;

    UsernamePasswordAuthenticationToken sales() {
        String username = "f" + UUID.randomUUID().toString().substring(0, 8);
        var account = accounts.createAccount(username, "Form Tester", "a long enough passphrase 2026", Set.of(Role.SALES), false);
        var principal = new StaffPrincipal(account.id(), username, "Form Tester", account.roles(), "en");
        return UsernamePasswordAuthenticationToken.authenticated(principal, null,
                java.util.List.of(new SimpleGrantedAuthority("STAFF"), new SimpleGrantedAuthority("ROLE_SALES")));
    }

    long persons() {
        return jdbc.sql("SELECT COUNT(*) FROM person").query(Long.class).single();
    }

    @Test
    void badEmailIsShownNextToItsFieldKeepsTheTypedValuesAndWritesNothing() throws Exception {
        long before = persons();
        MvcResult result = mvc.perform(post("/persons").with(authentication(sales())).with(csrf())
                .param("firstName", "Noémie").param("lastName", "Formulaire").param("emails", "noemie-at-example")
                .param("country", "France")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        String page = result.getResponse().getContentAsString();
        assertThat(page).contains("Formulaire", "Not an email address", "two-letter country code");
        assertThat(persons()).isEqualTo(before);
    }

    /** A record must say who it is about; a form never takes more than the service keeps, and says so when it does. */
    @Test
    void aRecordOfNoOneOrATooLongNameIsRefusedWithWhatIsWrong() throws Exception {
        var me = sales();
        long before = persons();
        MvcResult empty = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("city", "Lyon")).andReturn();
        assertThat(empty.getResponse().getStatus()).isEqualTo(400);
        assertThat(empty.getResponse().getContentAsString()).contains("Give at least a first or last name, an email address or a phone number")
                .contains("Lyon");
        String tooLong = "N".repeat(101);
        MvcResult longName = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", tooLong)
                .param("lastName", "Longue")).andReturn();
        assertThat(longName.getResponse().getStatus()).isEqualTo(400);
        assertThat(longName.getResponse().getContentAsString()).contains("Too long: at most 100 characters").doesNotContain("line breaks");
        assertThat(persons()).isEqualTo(before);
        // the new-person form stops typing where the service would refuse
        String form = mvc.perform(get("/persons/new").with(authentication(me))).andReturn().getResponse().getContentAsString();
        assertThat(form).containsPattern("id=\"firstName\"[^>]*maxlength=\"100\"").containsPattern("id=\"jobTitle\"[^>]*maxlength=\"120\"");

        // an edit that clears every name, email and phone is refused, and the record keeps them
        String location = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Gardée")
                .param("emails", "gardee." + UUID.randomUUID().toString().substring(0, 6) + "@example.fr")).andReturn().getResponse().getRedirectedUrl();
        MvcResult cleared = mvc.perform(post(location + "/edit").with(authentication(me)).with(csrf()).param("firstName", "")
                .param("lastName", "").param("emails", "").param("phones", "").param("city", "Nantes")).andReturn();
        assertThat(cleared.getResponse().getStatus()).isEqualTo(400);
        assertThat(cleared.getResponse().getContentAsString()).contains("Give at least a first or last name");
        assertThat(mvc.perform(get(location).with(authentication(me))).andReturn().getResponse().getContentAsString()).contains("Gardée")
                .doesNotContain("Nantes");
    }

    /**
     * A create form sent twice (a double click, the POST sent again from the history) creates one person: the second
     * POST is sent where the first one led, told so; a form refused for a mistake frees its token, so the mended form
     * goes through; two POSTs of the same form at the same moment create one person too.
     */
    @Test
    void aFormSentTwiceCreatesOnceAndARefusedOneCanBeMended() throws Exception {
        var me = sales();
        var session = new org.springframework.mock.web.MockHttpSession();
        String token = UUID.randomUUID().toString();
        String name = "Double" + UUID.randomUUID().toString().substring(0, 6);
        long before = persons();
        var first = mvc.perform(post("/persons").session(session).with(authentication(me)).with(csrf()).param("once", token)
                .param("firstName", "Clic").param("lastName", name)).andReturn().getResponse();
        // a double click: the first answer was never shown, so its own notice ("Person created") waits and is shown
        var doubleClick = mvc.perform(post("/persons").session(session).with(authentication(me)).with(csrf()).param("once", token)
                .param("firstName", "Clic").param("lastName", name)).andReturn();
        assertThat(first.getRedirectedUrl()).startsWith("/persons/");
        assertThat(doubleClick.getResponse().getRedirectedUrl()).isEqualTo(first.getRedirectedUrl());
        assertThat(doubleClick.getFlashMap().isEmpty()).isTrue();
        assertThat(mvc.perform(get(first.getRedirectedUrl()).session(session).with(authentication(me))).andReturn().getResponse()
                .getContentAsString()).contains("Person created.");
        // the POST sent again from the history once the page was seen: sent there again, told so
        var resent = mvc.perform(post("/persons").session(session).with(authentication(me)).with(csrf()).param("once", token)
                .param("firstName", "Clic").param("lastName", name)).andReturn();
        assertThat(resent.getResponse().getRedirectedUrl()).isEqualTo(first.getRedirectedUrl());
        assertThat(resent.getFlashMap().get("notice")).isEqualTo("form.sent-once");
        assertThat(mvc.perform(get(first.getRedirectedUrl()).session(session).with(authentication(me))).andReturn().getResponse()
                .getContentAsString()).contains("This form had already been sent: it was saved once");
        assertThat(persons()).isEqualTo(before + 1);

        // refused for a bad address, then mended with the same page's token: created
        String again = UUID.randomUUID().toString();
        var refused = mvc.perform(post("/persons").session(session).with(authentication(me)).with(csrf()).param("once", again)
                .param("firstName", "Mended").param("emails", "not-an-address")).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getContentAsString()).containsPattern("name=\"once\" value=\"[0-9a-f-]{36}\"");
        // the refused form sent again as it was is refused again, not taken for one already saved
        assertThat(mvc.perform(post("/persons").session(session).with(authentication(me)).with(csrf()).param("once", again)
                .param("firstName", "Mended").param("emails", "not-an-address")).andReturn().getResponse().getStatus()).isEqualTo(400);
        var mended = mvc.perform(post("/persons").session(session).with(authentication(me)).with(csrf()).param("once", again)
                .param("firstName", "Mended").param("lastName", name)).andReturn().getResponse();
        assertThat(mended.getRedirectedUrl()).startsWith("/persons/").isNotEqualTo(first.getRedirectedUrl());
        assertThat(persons()).isEqualTo(before + 2);

        // two at once with one token: one person, both sent to it
        String both = UUID.randomUUID().toString();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Callable<String> send = () -> mvc.perform(post("/persons").session(session).with(authentication(me))
                    .with(csrf()).param("once", both).param("firstName", "Ensemble").param("lastName", name)).andReturn().getResponse()
                    .getRedirectedUrl();
            var a = pool.submit(send);
            var b = pool.submit(send);
            assertThat(a.get()).startsWith("/persons/").isEqualTo(b.get());
        } finally {
            pool.shutdownNow();
        }
        assertThat(persons()).isEqualTo(before + 3);
        // the same page's form changed and sent again (another person typed in a page restored from the history): made too
        assertThat(mvc.perform(post("/persons").session(session).with(authentication(me)).with(csrf()).param("once", token)
                .param("firstName", "Autre").param("lastName", name)).andReturn().getResponse().getRedirectedUrl())
                .startsWith("/persons/").isNotEqualTo(first.getRedirectedUrl());
        assertThat(persons()).isEqualTo(before + 4);
        // the new-person page carries a token; an edit page none (sent twice, an edit saves the same values)
        assertThat(mvc.perform(get("/persons/new").session(session).with(authentication(me))).andReturn().getResponse()
                .getContentAsString()).containsPattern("name=\"once\" value=\"[0-9a-f-]{36}\"");
        assertThat(mvc.perform(get(first.getRedirectedUrl() + "/edit").session(session).with(authentication(me))).andReturn().getResponse()
                .getContentAsString()).doesNotContain("name=\"once\"");
        // a token of another form of the session does not stand in the way of a new one
        assertThat(mvc.perform(post("/persons").session(session).with(authentication(me)).with(csrf()).param("once", "not-a-token")
                .param("firstName", "Sans").param("lastName", name)).andReturn().getResponse().getRedirectedUrl()).startsWith("/persons/");
        assertThat(persons()).isEqualTo(before + 5);
    }

    /** A page number past the end leads to the last page; a search that finds no one says so, not that the base is empty. */
    @Test
    void aPagePastTheEndShowsTheLastOneAndAnEmptySearchSaysNoOneMatches() throws Exception {
        var me = sales();
        mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Paginée"));
        var past = mvc.perform(get("/persons").param("page", "99999").with(authentication(me))).andReturn().getResponse();
        assertThat(past.getRedirectedUrl()).matches("/persons\\?page=[0-9]+").isNotEqualTo("/persons?page=99999");
        assertThat(mvc.perform(get(past.getRedirectedUrl()).with(authentication(me))).andReturn().getResponse().getContentAsString())
                .doesNotContain("No persons here yet.");
        String none = mvc.perform(post("/persons/search").with(authentication(me)).with(csrf()).param("q", "nobody-" + UUID.randomUUID()
                .toString().substring(0, 8) + "@example.org")).andReturn().getResponse().getContentAsString();
        assertThat(none).contains("No one matches this search.").doesNotContain("No persons here yet.");
        // a search too short to run says so, and only so: not also that no one matches
        String tooShort = mvc.perform(post("/persons/search").with(authentication(me)).with(csrf()).param("q", "ab")).andReturn().getResponse()
                .getContentAsString();
        assertThat(tooShort).contains("at least 3 letters").doesNotContain("No one matches this search.");
        // the search's address fetched again (a reload, a language link) leads back to the list, not to "a bad id"
        assertThat(mvc.perform(get("/persons/search").param("lang", "fr").with(authentication(me))).andReturn().getResponse()
                .getRedirectedUrl()).isEqualTo("/persons");
    }

    @Test
    void cardNumberInNotesIsRefusedNextToTheNotes() throws Exception {
        long before = persons();
        MvcResult result = mvc.perform(post("/persons").with(authentication(sales())).with(csrf())
                .param("firstName", "Paul").param("lastName", "Carte").param("notes", "CB 4111 1111 1111 1111 exp 12/29")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(result.getResponse().getContentAsString()).doesNotContain("4111 1111").contains("exp 12/29", "payment card number");
        assertThat(persons()).isEqualTo(before);
    }

    /**
     * A form wrong in a field and holding a card number in its notes: both are said at once, and the page sent back
     * never carries the number (it showed the notes as typed, and refused them only once the field was mended).
     */
    @Test
    void aCardNumberIsRefusedAndMaskedEvenWhenAnotherFieldIsWrong() throws Exception {
        long before = persons();
        MvcResult result = mvc.perform(post("/persons").with(authentication(sales())).with(csrf())
                .param("firstName", "Paule").param("lastName", "Double").param("emails", "paule-at-example")
                .param("notes", "CB 4111 1111 1111 1111 exp 12/29")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentAsString()).contains("Not an email address", "payment card number", "exp 12/29")
                .doesNotContain("4111 1111");
        assertThat(persons()).isEqualTo(before);
    }

    /** The interaction form on a person's page: the same, a wrong time and a card number said together, the number masked. */
    @Test
    void anInteractionWithAWrongTimeAndACardNumberIsRefusedWithBothAndMasked() throws Exception {
        var me = sales();
        String location = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Inès")
                .param("lastName", "Appel")).andReturn().getResponse().getRedirectedUrl();
        UUID subject = UUID.fromString(location.substring("/persons/".length()));
        MvcResult refused = mvc.perform(post(location + "/interactions").with(authentication(me)).with(csrf()).param("kind", "CALL")
                .param("occurredAt", "yesterday").param("summary", "Paid by 4111 1111 1111 1111, call back")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(refused.getResponse().getContentAsString()).contains("payment card number", "call back").doesNotContain("4111 1111");
        MvcResult alone = mvc.perform(post(location + "/interactions").with(authentication(me)).with(csrf()).param("kind", "CALL")
                .param("occurredAt", "2026-03-02T10:15").param("summary", "Paid by 4111 1111 1111 1111")).andReturn();
        assertThat(alone.getResponse().getStatus()).isEqualTo(422);
        assertThat(alone.getResponse().getContentAsString()).contains("payment card number").doesNotContain("4111 1111");
        // an interaction records what happened: next week is refused next to the time, in the staff member's words
        String nextWeek = java.time.LocalDateTime.now().plusDays(7).withNano(0).withSecond(0).toString();
        MvcResult future = mvc.perform(post(location + "/interactions").with(authentication(me)).with(csrf()).param("kind", "MEETING")
                .param("occurredAt", nextWeek).param("summary", "Salon")).andReturn();
        assertThat(future.getResponse().getStatus()).isEqualTo(400);
        assertThat(future.getResponse().getContentAsString()).contains("An interaction records what happened", "Salon");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM interaction WHERE subject_id = ?").param(subject).query(Long.class).single()).isZero();
    }

    /** No field keeps a card number, scanned or not: a person's city, an organisation's name, a deal's title; none is shown back. */
    @Test
    void aCardNumberIsRefusedInAnyFieldAndNeverShownBack() throws Exception {
        var me = sales();
        long before = persons();
        MvcResult city = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Carte")
                .param("city", "4111 1111 1111 1111")).andReturn();
        assertThat(city.getResponse().getStatus()).isIn(400, 422);
        assertThat(city.getResponse().getContentAsString()).contains("payment card number").doesNotContain("4111 1111");
        assertThat(persons()).isEqualTo(before);
        // a phone number is not a card number, even a long one whose digits pass the card check (+49 1512 3456787)
        MvcResult phone = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Téléphone")
                .param("phones", "+49 1512 3456787").param("createAnyway", "yes")).andReturn();
        assertThat(phone.getResponse().getStatus()).isEqualTo(302);
        MvcResult organisation = mvc.perform(post("/organisations").with(authentication(me)).with(csrf()).param("name", "Carte 4111 1111 1111 1111"))
                .andReturn();
        assertThat(organisation.getResponse().getStatus()).isEqualTo(400);
        assertThat(organisation.getResponse().getContentAsString()).contains("payment card number").doesNotContain("4111 1111");
        MvcResult deal = mvc.perform(post("/deals").with(authentication(me)).with(csrf()).param("title", "Card 4111 1111 1111 1111")
                .param("stage", "LEAD").param("amount", "10").param("currency", "EUR")).andReturn();
        assertThat(deal.getResponse().getStatus()).isEqualTo(400);
        assertThat(deal.getResponse().getContentAsString()).doesNotContain("4111 1111");
    }

    @Test
    void aValidFormCreatesThePersonAndShowsIt() throws Exception {
        var me = sales();
        MvcResult created = mvc.perform(post("/persons").with(authentication(me)).with(csrf())
                .param("firstName", "Amélie").param("lastName", "Valide").param("emails", "amelie.valide@example.fr")
                .param("tags", "vip, salon-2026").param("createAnyway", "yes")).andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        String location = created.getResponse().getRedirectedUrl();
        assertThat(location).matches("/persons/[0-9a-f-]{36}");
        String page = mvc.perform(get(location).with(authentication(me))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Amélie", "Valide", "amelie.valide@example.fr", "salon-2026");
        // the page showed the person's record and their choices: two reads, each recorded under the page's purpose
        UUID subject = UUID.fromString(location.substring("/persons/".length()));
        assertThat(jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'READ' AND subject_id = ? AND purpose = 'crm' ORDER BY seq")
                .param(subject).query(String.class).list()).anyMatch(d -> d.startsWith("record=person;")).contains("record=consents");

        // under a purpose that does not cover the tags nor the organisation, they read as hidden, not as empty
        var dpo = io.custodia.support.Staff.session(accounts, Role.DPO);
        String accounting = mvc.perform(get(location).with(authentication(dpo))
                .sessionAttr(io.custodia.access.AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "accounting")).andReturn().getResponse().getContentAsString();
        assertThat(accounting).contains("value=\"accounting\" selected").contains("Amélie").doesNotContain("salon-2026");
        String record = accounting.substring(accounting.indexOf(">Organisation<"));
        assertThat(record.substring(0, record.indexOf(">Created<"))).doesNotContain("–").containsOnlyOnce(">Tags<")
                .contains("hidden for this purpose</span>").satisfies(r -> assertThat(r.split("hidden for this purpose</span>")).hasSize(3));
    }

    /**
     * A person typed in twice: the form names the existing record instead of silently creating a second one,
     * keeps what was typed, and creates the new person only when asked to; the search is recorded without the address.
     */
    @Test
    void anEmailAlreadyRecordedOffersTheExistingRecordBeforeCreatingASecond() throws Exception {
        var me = sales();
        String email = "double." + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
        String first = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Dora").param("emails", email))
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(first).matches("/persons/[0-9a-f-]{36}");
        long before = persons();
        // the same address, typed in another case and beside another one
        MvcResult again = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Dora").param("lastName", "Bis")
                .param("emails", "other." + UUID.randomUUID().toString().substring(0, 8) + "@example.fr\n" + email.toUpperCase(java.util.Locale.ROOT)))
                .andReturn();
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        String page = again.getResponse().getContentAsString();
        assertThat(page).contains("id=\"duplicate-email\"").contains("Someone with this email address is already recorded")
                .contains("href=\"" + first + "\">Open the existing record</a>").contains("name=\"createAnyway\"").contains("value=\"Bis\"").doesNotContain("??");
        assertThat(persons()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'SEARCH' AND detail LIKE ?").param("%" + email + "%")
                .query(Long.class).single()).isZero();
        // asked to: two people who share an address
        MvcResult anyway = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Dora").param("lastName", "Bis")
                .param("emails", email).param("createAnyway", "yes")).andReturn();
        assertThat(anyway.getResponse().getRedirectedUrl()).matches("/persons/[0-9a-f-]{36}").isNotEqualTo(first);
        assertThat(persons()).isEqualTo(before + 1);
        // in French too
        MvcResult fr = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("lang", "fr").param("firstName", "Dora")
                .param("emails", email)).andReturn();
        assertThat(fr.getResponse().getContentAsString()).contains("2 personnes avec ces adresses e-mail sont déjà enregistrées");
    }

    /** A deal's contact typed as an email address: the person is found by it and the deal keeps their id only. */
    @Test
    void aDealsContactMayBeTypedAsAnEmailAddress() throws Exception {
        var me = sales();
        String email = "contact." + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
        String person = mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Cora").param("emails", email))
                .andReturn().getResponse().getRedirectedUrl();
        String title = "Deal " + UUID.randomUUID();
        MvcResult created = mvc.perform(post("/deals").with(authentication(me)).with(csrf()).param("title", title).param("stage", "LEAD")
                .param("amount", "1200").param("currency", "EUR").param("contactId", " " + email.toUpperCase(java.util.Locale.ROOT) + " ")).andReturn();
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/deals");
        UUID contact = jdbc.sql("SELECT contact_subject_id FROM deal WHERE title = ?").param(title).query(UUID.class).single();
        assertThat("/persons/" + contact).isEqualTo(person);
        String edit = mvc.perform(get("/deals/" + jdbc.sql("SELECT id FROM deal WHERE title = ?").param(title).query(UUID.class).single() + "/edit")
                .with(authentication(me))).andReturn().getResponse().getContentAsString();
        assertThat(edit).contains("id=\"contact-link\" href=\"" + person + "\"").contains("value=\"1200.00\"")
                // the rep sees who the contact is, not only their id
                .contains("Contact: Cora (open the record)");
        String editFr = mvc.perform(get("/deals/" + jdbc.sql("SELECT id FROM deal WHERE title = ?").param(title).query(UUID.class).single() + "/edit")
                .param("lang", "fr").with(authentication(me))).andReturn().getResponse().getContentAsString();
        assertThat(editFr).contains("value=\"1200,00\"");

        MvcResult nobody = mvc.perform(post("/deals").with(authentication(me)).with(csrf()).param("title", "Nobody's deal").param("stage", "LEAD")
                .param("amount", "10").param("currency", "EUR").param("contactId", "nobody." + UUID.randomUUID() + "@example.fr")).andReturn();
        assertThat(nobody.getResponse().getStatus()).isEqualTo(400);
        assertThat(nobody.getResponse().getContentAsString()).contains("No one is recorded with this email address.");
        mvc.perform(post("/persons").with(authentication(me)).with(csrf()).param("firstName", "Cora").param("lastName", "Bis").param("emails", email)
                .param("createAnyway", "yes"));
        MvcResult two = mvc.perform(post("/deals").with(authentication(me)).with(csrf()).param("title", "Whose deal").param("stage", "LEAD")
                .param("amount", "10").param("currency", "EUR").param("contactId", email)).andReturn();
        assertThat(two.getResponse().getStatus()).isEqualTo(400);
        assertThat(two.getResponse().getContentAsString()).contains("Several people have this email address");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM deal WHERE title IN ('Nobody''s deal', 'Whose deal')").query(Long.class).single()).isZero();
    }

    /** An organisation's page lists its deals; roles that do not work deals see them, without the forms that change them. */
    @Test
    void anOrganisationListsItsDealsAndRolesThatDoNotWorkDealsSeeNoFormsForThem() throws Exception {
        var me = sales();
        String u = UUID.randomUUID().toString().substring(0, 8);
        String orgPath = mvc.perform(post("/organisations").with(authentication(me)).with(csrf()).param("name", "Atelier " + u))
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(orgPath).matches("/organisations/[0-9a-f-]{36}");
        String orgId = orgPath.substring("/organisations/".length());
        String title = "Renouvellement " + u;
        assertThat(mvc.perform(post("/deals").with(authentication(me)).with(csrf()).param("title", title).param("stage", "PROPOSAL")
                .param("amount", "900").param("currency", "EUR").param("organisationId", orgId)).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/deals");
        UUID deal = jdbc.sql("SELECT id FROM deal WHERE title = ?").param(title).query(UUID.class).single();
        String page = mvc.perform(get(orgPath).with(authentication(me))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"organisation-deals\"").contains(title).contains("href=\"/deals/" + deal + "/edit\"").doesNotContain("??");

        var auditor = io.custodia.support.Staff.session(accounts, Role.AUDITOR);
        String seen = mvc.perform(get(orgPath).with(authentication(auditor))).andReturn().getResponse().getContentAsString();
        assertThat(seen).contains(title).doesNotContain("/deals/" + deal + "/edit").doesNotContain(orgPath + "/edit")
                .doesNotContain("href=\"/deals/new");
        String board = mvc.perform(get("/deals").with(authentication(auditor))).andReturn().getResponse().getContentAsString();
        assertThat(board).contains(title).doesNotContain("/deals/" + deal + "/edit").doesNotContain("href=\"/deals/new\"");
        for (String form : List.of("/deals/new", "/deals/" + deal + "/edit", "/deals/" + deal + "/delete", "/organisations/new", orgPath + "/edit")) {
            assertThat(mvc.perform(get(form).with(authentication(auditor))).andReturn().getResponse().getStatus()).as(form).isEqualTo(403);
        }
    }

    /** The board and the home page sum amounts per currency, never across currencies, and count every deal of a stage. */
    @Test
    void thePipelineSumsAmountsPerCurrency() throws Exception {
        var me = sales();
        for (String[] deal : new String[][] {{"700", "CHF"}, {"300", "CHF"}, {"5", "XAU"}}) {
            mvc.perform(post("/deals").with(authentication(me)).with(csrf()).param("title", "Devise " + UUID.randomUUID()).param("stage", "NEGOTIATION")
                    .param("amount", deal[0]).param("currency", deal[1]));
        }
        long negotiating = jdbc.sql("SELECT COUNT(*) FROM deal WHERE stage = 'NEGOTIATION'").query(Long.class).single();
        String board = mvc.perform(get("/deals").with(authentication(me))).andReturn().getResponse().getContentAsString();
        String column = board.substring(board.indexOf("id=\"stage-NEGOTIATION\""));
        column = column.substring(0, column.indexOf("</header>"));
        assertThat(column).contains("<span class=\"count\">" + negotiating + "</span>").contains(">1,000 CHF</span>").contains(">5 XAU</span>")
                .doesNotContain("1,005");
        String home = mvc.perform(get("/").with(authentication(me))).andReturn().getResponse().getContentAsString();
        assertThat(home).contains(">1,000.00 CHF</span>").contains(">5.00 XAU</span>").contains("never across currencies");
    }

    /** The list leaves out the columns its purpose does not cover, instead of a column of "hidden for this purpose". */
    @Test
    void theListShowsOnlyTheColumnsItsPurposeCovers() throws Exception {
        String sales = mvc.perform(get("/persons").with(authentication(sales()))).andReturn().getResponse().getContentAsString();
        assertThat(sales).contains(">Phone<").contains(">Job title<");
        var marketer = io.custodia.support.Staff.session(accounts, Role.MARKETING);
        var page = mvc.perform(get("/persons").with(authentication(marketer)).sessionAttr(io.custodia.access.AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "email-marketing")).andReturn()
                .getResponse().getContentAsString();
        assertThat(page).as("the list is under email marketing").contains("value=\"email-marketing\" selected");
        assertThat(page).doesNotContain(">Phone<").doesNotContain(">Job title<").contains(">Email<");
    }

    @Test
    void malformedIdsInAddressesGiveAPageNotAStackTrace() throws Exception {
        MvcResult result = mvc.perform(get("/persons/not-a-uuid").with(authentication(sales()))).andReturn();
        assertThat(result.getResponse().getStatus()).isIn(400, 404);
        assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception").doesNotContain("at io.custodia");
    }
}

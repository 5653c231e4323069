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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import static org.assertj.core.api.Assertions.assertThat;

/** The audiences page as a sales rep uses it: counts under the purpose in the header, and bad filters shown again. */
@AutoConfigureMockMvc
abstract class AudiencePagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountService accounts;

    UsernamePasswordAuthenticationToken sales() {
        String username = "a" + UUID.randomUUID().toString().substring(0, 8);
        var account = accounts.createAccount(username, "Audience Tester", "a long enough passphrase 2026", Set.of(Role.SALES), false);
        var principal = new StaffPrincipal(account.id(), username, "Audience Tester", account.roles(), "en");
        return UsernamePasswordAuthenticationToken.authenticated(principal, null,
                java.util.List.of(new SimpleGrantedAuthority("STAFF"), new SimpleGrantedAuthority("ROLE_SALES")));
    }

    @Test
    void aRepCountsAnAudienceAndSeesWhatTheLawRemoves() throws Exception {
        var auth = sales();
        String page = mvc.perform(get("/audiences").with(authentication(auth))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"audience-form\"").doesNotContain("??");
        var result = mvc.perform(post("/audiences").with(authentication(auth)).with(csrf()).param("stage", "LEAD").param("after", "2020-01-01"))
                .andReturn().getResponse();
        assertThat(result.getStatus()).isEqualTo(200);
        assertThat(result.getContentAsString()).contains("id=\"audience-result\"").contains("id=\"matched\"").contains("May be contacted")
                .doesNotContain("??");
        // under the customer relationship (a contract) an audience is counted, but no campaign is offered: campaigns are direct marketing
        mvc.perform(post("/persons").with(authentication(auth)).with(csrf()).param("firstName", "Cliente").param("emails",
                "cliente." + UUID.randomUUID().toString().substring(0, 8) + "@exemple.fr").param("createAnyway", "yes"));
        String everyone = mvc.perform(post("/audiences").with(authentication(auth)).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(everyone).contains("id=\"audience-result\"").doesNotContain("id=\"write-campaign\"").contains("id=\"no-campaign\"");
        var bad = mvc.perform(post("/audiences").with(authentication(auth)).with(csrf()).param("stage", "SOMEDAY")).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).contains("Choose stages from the list.").doesNotContain("id=\"audience-result\"");
        // language, law and tags, under a purpose that covers them
        var filtered = mvc.perform(post("/audiences").with(authentication(auth)).with(csrf()).param("languages", "fr, EN")
                .param("jurisdiction", "EU").param("tags", "vip, salon-2026")).andReturn().getResponse();
        assertThat(filtered.getContentAsString()).contains("id=\"audience-result\"").contains("value=\"vip, salon-2026\"").doesNotContain("??");
        var badTags = mvc.perform(post("/audiences").with(authentication(auth)).with(csrf()).param("tags", "a/b")).andReturn().getResponse();
        assertThat(badTags.getContentAsString()).contains("Tags of at most 40").doesNotContain("id=\"audience-result\"");
        // under a purpose that does not cover where people work, the organisation filter is offered disabled, saying why;
        // an organisation posted anyway is refused next to that filter, not under another
        var marketer = UsernamePasswordAuthenticationToken.authenticated(new StaffPrincipal(accounts.createAccount("m" + UUID.randomUUID()
                .toString().substring(0, 8), "Marketer", "a long enough passphrase 2026", Set.of(Role.MARKETING), false).id(), "m", "Marketer",
                Set.of(Role.MARKETING), "en"), null, java.util.List.of(new SimpleGrantedAuthority("STAFF"), new SimpleGrantedAuthority("ROLE_MARKETING")));
        String marketing = mvc.perform(get("/audiences").with(authentication(marketer)).sessionAttr(io.custodia.access.AccessRequest.PURPOSE_SESSION_ATTRIBUTE,
                "email-marketing")).andReturn().getResponse().getContentAsString();
        assertThat(marketing).containsPattern("<select id=\"organisation\" name=\"organisation\"[^>]*disabled");
        String refused = mvc.perform(post("/audiences").with(authentication(marketer)).with(csrf()).sessionAttr(
                io.custodia.access.AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "email-marketing").param("organisation", UUID.randomUUID().toString()))
                .andReturn().getResponse().getContentAsString();
        String afterOrganisation = refused.substring(refused.indexOf("id=\"organisation\""), refused.indexOf("id=\"after\""));
        assertThat(afterOrganisation).contains("The current purpose does not cover this field");
    }
}

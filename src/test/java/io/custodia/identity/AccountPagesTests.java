package io.custodia.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.custodia.support.Api;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** API tokens from the account page, and staff administration by an administrator only. */
@AutoConfigureMockMvc
abstract class AccountPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountService accounts;
    @LocalServerPort
    int port;

    UsernamePasswordAuthenticationToken signedIn(Role... roles) {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        StaffSummary account = accounts.createAccount(username, "Test", "a long enough passphrase 2026", Set.of(roles), false);
        StaffPrincipal principal = new StaffPrincipal(account.id(), username, "Test", account.roles(), "en");
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, Authorities.full(principal));
    }

    @Test
    void tokenIssuedOnTheAccountPageWorksOnceShownAndStopsWhenRevoked() throws Exception {
        var me = signedIn(Role.SALES);
        MvcResult issued = mvc.perform(post("/account/tokens").with(authentication(me)).with(csrf()).param("name", "CRM sync").param("days", "30"))
                .andReturn();
        IssuedToken token = (IssuedToken) issued.getFlashMap().get("issuedToken");
        assertThat(token.secret()).startsWith("cst_");
        Api api = new Api(port, token.secret());
        assertThat(api.get("/api/v1/persons", "crm").status()).isEqualTo(200);

        String page = mvc.perform(get("/account").with(authentication(me))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("CRM sync").doesNotContain(token.secret());

        assertThat(page).contains(">Active<");
        mvc.perform(post("/account/tokens/" + token.id() + "/revoke").with(authentication(me)).with(csrf()));
        assertThat(api.get("/api/v1/persons", "crm").status()).isEqualTo(401);
        // a revoked token says so, not "revoked or expired"
        String after = mvc.perform(get("/account").with(authentication(me))).andReturn().getResponse().getContentAsString();
        assertThat(after).contains(">Revoked<").doesNotContain("Expired<").doesNotContain(">Active<");
    }

    /** A token's name and a staff member's name are checked as any stored text: no card number, no control character. */
    @Test
    void namesHoldNoCardNumberNorControlCharacter() {
        var me = signedIn(Role.SALES);
        java.util.UUID id = ((StaffPrincipal) me.getPrincipal()).id();
        for (String name : java.util.List.of("Carte 4111 1111 1111 1111", "Sync\u0007", "Sync \u202e")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.issueToken(id, name, null)).as(name).isInstanceOf(AccountException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.createAccount("n" + UUID.randomUUID().toString().substring(0, 8), name,
                    "a long enough passphrase 2026", Set.of(Role.SALES), false)).as(name).isInstanceOf(AccountException.class);
        }
        assertThat(accounts.issueToken(id, "CRM sync 2026", null).secret()).startsWith("cst_");
    }

    @Test
    void salesRepMayAddASecondFactorFromTheAccountPage() throws Exception {
        var me = signedIn(Role.SALES);
        org.springframework.mock.web.MockHttpSession session = new org.springframework.mock.web.MockHttpSession();
        String page = mvc.perform(get("/account/totp").session(session).with(authentication(me))).andReturn().getResponse().getContentAsString();
        String secret = java.util.regex.Pattern.compile("otpauth://totp/[^\"<]*secret=([A-Z2-7]+)").matcher(page).results()
                .findFirst().orElseThrow().group(1);
        byte[] bytes = io.custodia.identity.totp.Base32.decode(secret);
        assertThat(mvc.perform(post("/account/totp").session(session).with(authentication(me)).with(csrf()).param("code", "000000"))
                .andReturn().getResponse().getStatus()).isEqualTo(400);
        UUID id = ((StaffPrincipal) me.getPrincipal()).id();
        assertThat(accounts.find(id).orElseThrow().totpEnrolled()).isFalse();
        String code = io.custodia.identity.totp.Totp.sha1Default().code(bytes, java.time.Instant.now());
        mvc.perform(post("/account/totp").session(session).with(authentication(me)).with(csrf()).param("code", code));
        assertThat(accounts.find(id).orElseThrow().totpEnrolled()).isTrue();
    }

    @Test
    void staffCannotRevokeSomeoneElsesToken() throws Exception {
        var owner = signedIn(Role.SALES);
        var other = signedIn(Role.SALES);
        UUID ownerId = ((StaffPrincipal) owner.getPrincipal()).id();
        IssuedToken token = accounts.issueToken(ownerId, "mine", null);
        mvc.perform(post("/account/tokens/" + token.id() + "/revoke").with(authentication(other)).with(csrf()));
        assertThat(new Api(port, token.secret()).get("/api/v1/persons", "crm").status()).isEqualTo(200);
    }

    @Test
    void administratorCreatesAStaffAccountWithAOneTimePassword() throws Exception {
        var admin = signedIn(Role.ADMIN);
        String username = "new" + UUID.randomUUID().toString().substring(0, 6);
        MvcResult created = mvc.perform(post("/admin/accounts").with(authentication(admin)).with(csrf())
                .param("username", username).param("displayName", "Léa Support").param("roles", "SUPPORT")).andReturn();
        assertThat(created.getFlashMap().get("created")).isNotNull();
        assertThat(accounts.listAccounts()).anySatisfy(a -> {
            assertThat(a.username()).isEqualTo(username);
            assertThat(a.roles()).containsExactly(Role.SUPPORT);
        });
        String page = mvc.perform(get("/admin/accounts").with(authentication(admin))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(username, "Léa Support");
        // the administrator is not offered to disable their own account; every other account is
        UUID adminId = ((StaffPrincipal) admin.getPrincipal()).id();
        assertThat(page).doesNotContain("/admin/accounts/" + adminId + "/enabled").contains("/enabled\"");
        // a role that does not exist (a hand-edited form) is refused with the page's notice, and changes nothing
        UUID id = accounts.listAccounts().stream().filter(a -> a.username().equals(username)).findFirst().orElseThrow().id();
        MvcResult bogus = mvc.perform(post("/admin/accounts/" + id + "/roles").with(authentication(admin)).with(csrf())
                .param("roles", "SUPPORT").param("roles", "OVERLORD")).andReturn();
        assertThat(bogus.getResponse().getRedirectedUrl()).isEqualTo("/admin/accounts");
        assertThat(bogus.getFlashMap().get("notice")).isEqualTo("account.roles.unknown");
        assertThat(accounts.listAccounts().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow().roles())
                .containsExactly(Role.SUPPORT);
        // a username refused: the form comes back as filled in, its roles still ticked
        MvcResult refused = mvc.perform(post("/admin/accounts").with(authentication(admin)).with(csrf())
                .param("username", "bad name!").param("displayName", "Noé Refusé").param("roles", "SALES").param("roles", "MARKETING")).andReturn();
        assertThat(refused.getFlashMap().get("createErrors")).isNotNull();
        String again = mvc.perform(get("/admin/accounts").with(authentication(admin)).flashAttrs(refused.getFlashMap())).andReturn().getResponse()
                .getContentAsString();
        String form = again.substring(again.lastIndexOf("<form"));
        assertThat(form).contains("value=\"Noé Refusé\"").containsPattern("value=\"SALES\" checked").containsPattern("value=\"MARKETING\" checked")
                .doesNotContainPattern("value=\"ADMIN\" checked");
    }

    @Test
    void nonAdministratorCannotManageStaff() throws Exception {
        var sales = signedIn(Role.SALES);
        int status = mvc.perform(post("/admin/accounts").with(authentication(sales)).with(csrf())
                .param("username", "intruder").param("displayName", "X").param("roles", "ADMIN")).andReturn().getResponse().getStatus();
        assertThat(status).isEqualTo(403);
        assertThat(accounts.listAccounts()).noneSatisfy(a -> assertThat(a.username()).isEqualTo("intruder"));
    }
}

package io.custodia.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import io.custodia.identity.totp.Totp;
import io.custodia.identity.totp.TotpSecret;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** Signing in: password, then the second factor for privileged roles, lockout after repeated failures. */
@AutoConfigureMockMvc
abstract class LoginFlowTests {

    static final String PASSWORD = "a long enough passphrase 2026";
    @Autowired
    MockMvc mvc;
    @Autowired
    AccountService accounts;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    long ledgerEntries(String action, String detail) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = ? AND detail = ?").params(action, detail).query(Long.class).single();
    }

    String newUser(Role... roles) {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount(username, "Test", PASSWORD, Set.of(roles), false);
        return username;
    }

    MockHttpSession login(String username, String password) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).param("username", username).param("password", password));
        return session;
    }

    /** Someone who reaches the sign-in page looking for their own data finds the public privacy notice and request form. */
    @Test
    void theSignInPageLeadsThePublicToThePrivacyCentre() throws Exception {
        String page = mvc.perform(get("/login").param("lang", "fr")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("href=\"/privacy/notice?lang=fr\"").contains("href=\"/privacy/requests?lang=fr\"");
        assertThat(mvc.perform(get("/privacy/requests").param("lang", "fr")).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/privacy/notice").param("lang", "fr")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void salesRepWithoutSecondFactorGoesStraightIn() throws Exception {
        String user = newUser(Role.SALES);
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).param("username", user).param("password", PASSWORD))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void adminMustEnrolTotpBeforeAnythingElse() throws Exception {
        String admin = newUser(Role.ADMIN);
        MockHttpSession session = login(admin, PASSWORD);
        mvc.perform(get("/login/next").session(session)).andExpect(redirectedUrl("/login/totp"));
        // no page of the CRM until the second factor is done
        mvc.perform(get("/persons").session(session)).andExpect(r -> assertThat(r.getResponse().getStatus()).isIn(302, 403));
    }

    @Test
    void dpoSignsInWithPasswordThenTotpCodeOnlyOnce() throws Exception {
        String dpo = newUser(Role.DPO);
        UUID id = accounts.listAccounts().stream().filter(a -> a.username().equals(dpo)).findFirst().orElseThrow().id();
        TotpSecret secret = accounts.newTotpSecret();
        Totp totp = Totp.sha1Default();
        // enrol with the previous step's code (inside the ±1 window), so the current one is still unused
        assertThat(accounts.confirmTotp(id, secret, totp.code(secret.bytes(), Instant.now().minusSeconds(30)))).isTrue();

        MockHttpSession session = login(dpo, PASSWORD);
        mvc.perform(get("/login/next").session(session)).andExpect(redirectedUrl("/login/totp"));
        mvc.perform(post("/login/totp").session(session).with(csrf()).param("code", "000000"))
                .andExpect(r -> assertThat(r.getResponse().getStatus()).isEqualTo(400));
        String code = totp.code(secret.bytes(), Instant.now());
        mvc.perform(post("/login/totp").session(session).with(csrf()).param("code", code)).andExpect(redirectedUrl("/login/next"));
        mvc.perform(get("/login/next").session(session)).andExpect(redirectedUrl("/"));

        // the same code cannot open a second session (RFC 6238 §5.2: one use per step)
        MockHttpSession replay = login(dpo, PASSWORD);
        assertThat(accounts.verifyTotp(id, code)).isFalse();
        mvc.perform(get("/login/next").session(replay)).andExpect(redirectedUrl("/login/totp"));
    }

    UUID idOf(String username) {
        return accounts.listAccounts().stream().filter(a -> a.username().equals(username)).findFirst().orElseThrow().id();
    }

    @Test
    void locksTheAccountAfterRepeatedFailuresWithoutSayingSo() throws Exception {
        String user = newUser(Role.SALES);
        for (int i = 0; i < 10; i++) {
            mvc.perform(post("/login").with(csrf()).param("username", user).param("password", "wrong password " + i))
                    .andExpect(redirectedUrl("/login?error"));
        }
        assertThat(accounts.find(idOf(user)).orElseThrow().lockedUntil()).isAfter(Instant.now());
        // the right password is refused while locked, with the same answer an unknown username gets
        mvc.perform(post("/login").with(csrf()).param("username", user).param("password", PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(post("/login").with(csrf()).param("username", "nobody-" + user).param("password", PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void parallelFailuresCannotSlipPastTheLockout() throws Exception {
        String user = newUser(Role.SALES);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var attempts = java.util.stream.IntStream.range(0, 10).mapToObj(i -> pool.submit(() -> {
                try {
                    accounts.authenticatePassword(user, "wrong password " + i);
                } catch (AccountService.BadPasswordException expected) {
                    // counted
                }
                return null;
            })).toList();
            for (var attempt : attempts) attempt.get();
        } finally {
            pool.shutdown();
        }
        assertThat(accounts.find(idOf(user)).orElseThrow().lockedUntil()).isNotNull();
    }

    /** A mistake on the password form shows the form again with what went wrong, never an empty error page. */
    @Test
    void aWrongCurrentPasswordOrTheSamePasswordAgainIsSaidOnTheForm() throws Exception {
        String user = newUser(Role.SALES);
        MockHttpSession session = login(user, PASSWORD);
        String other = "another long passphrase 2026";
        for (var attempt : java.util.List.of(java.util.List.of("not my password at all", other, "The current password is wrong"),
                java.util.List.of("", other, "The current password is wrong"),
                java.util.List.of(PASSWORD, PASSWORD, "must differ from the current one"),
                java.util.List.of(PASSWORD, "short", "at least 12 characters"))) {
            var page = mvc.perform(post("/account/password").session(session).with(csrf()).param("current", attempt.get(0))
                    .param("password", attempt.get(1)).param("confirmation", attempt.get(1))).andReturn().getResponse();
            assertThat(page.getStatus()).as(attempt.toString()).isEqualTo(400);
            assertThat(page.getContentAsString()).as(attempt.toString()).contains(attempt.get(2)).doesNotContain("??");
        }
        // nothing changed: the password still signs in
        mvc.perform(post("/login").with(csrf()).param("username", user).param("password", PASSWORD)).andExpect(redirectedUrl("/"));
        // a change that holds is said once, on the next page, and not again when the page is shown again
        var changed = mvc.perform(post("/account/password").session(session).with(csrf()).param("current", PASSWORD)
                .param("password", other).param("confirmation", other)).andExpect(redirectedUrl("/")).andReturn();
        assertThat(changed.getFlashMap().get("passwordChanged")).isEqualTo(true);
        assertThat(mvc.perform(get("/").session(session)).andReturn().getResponse().getContentAsString()).contains("Your password was changed");
        assertThat(mvc.perform(get("/").session(session)).andReturn().getResponse().getContentAsString()).doesNotContain("Your password was changed");
    }

    @Test
    void aLoginWaitingForItsSecondFactorCannotChangeThePassword() throws Exception {
        String admin = newUser(Role.ADMIN);
        MockHttpSession session = login(admin, PASSWORD);
        mvc.perform(post("/account/password").session(session).with(csrf()).param("current", PASSWORD)
                .param("password", "attacker chosen passphrase").param("confirmation", "attacker chosen passphrase"))
                .andExpect(redirectedUrl("/login/totp"));
        mvc.perform(get("/account/password").session(session)).andExpect(redirectedUrl("/login/totp"));
        // the password is unchanged: the owner still signs in with it
        mvc.perform(post("/login").with(csrf()).param("username", admin).param("password", PASSWORD))
                .andExpect(redirectedUrl("/login/next"));
    }

    @Test
    void disablingAnAccountEndsItsOpenSession() throws Exception {
        String user = newUser(Role.SALES);
        MockHttpSession session = login(user, PASSWORD);
        mvc.perform(get("/login/next").session(session)).andExpect(redirectedUrl("/"));
        accounts.setEnabled(idOf(user), false);
        mvc.perform(get("/persons").session(session)).andExpect(redirectedUrl("/login?logout"));
    }

    @Test
    void aPageTheRolesDoNotReachIsRefusedAndTheRefusalRecorded() throws Exception {
        String user = newUser(Role.SALES);
        MockHttpSession session = login(user, PASSWORD);
        mvc.perform(get("/login/next").session(session)).andExpect(redirectedUrl("/"));
        UUID id = accounts.listAccounts().stream().filter(a -> a.username().equals(user)).findFirst().orElseThrow().id();
        mvc.perform(get("/audit").session(session)).andExpect(r -> assertThat(r.getResponse().getStatus()).isEqualTo(403));
        // a form posted without its CSRF token is refused too, and said as such
        mvc.perform(post("/persons").session(session).param("firstName", "Sans jeton"))
                .andExpect(r -> assertThat(r.getResponse().getStatus()).isEqualTo(403))
                // as an expired form, not as a page the roles do not reach
                .andExpect(r -> assertThat(r.getResponse().getForwardedUrl()).isEqualTo("/form-expired"));
        // a person on the privacy centre gets the same, not the staff sign-in page
        mvc.perform(post("/privacy/requests").param("type", "ACCESS").param("email", "a@example.fr").param("jurisdiction", "EU"))
                .andExpect(r -> assertThat(r.getResponse().getStatus()).isEqualTo(403))
                .andExpect(r -> assertThat(r.getResponse().getForwardedUrl()).isEqualTo("/form-expired"));
        assertThat(mvc.perform(get("/form-expired").header("Accept-Language", "fr")).andReturn().getResponse().getContentAsString())
                .contains("Ce formulaire a expiré").doesNotContain("??");
        assertThat(jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'DENIED' AND actor_id = ? ORDER BY seq").param(id.toString())
                .query(String.class).list()).containsExactly("attempted=GET /audit; reason=ROLE", "attempted=POST /persons; reason=CSRF");
        // halfway through signing in (password given, code not yet) is a step, not a refusal
        String dpo = newUser(Role.DPO);
        MockHttpSession half = login(dpo, PASSWORD);
        mvc.perform(get("/persons").session(half)).andExpect(r -> assertThat(r.getResponse().getStatus()).isIn(302, 403));
        UUID dpoId = accounts.listAccounts().stream().filter(a -> a.username().equals(dpo)).findFirst().orElseThrow().id();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'DENIED' AND actor_id = ?").param(dpoId.toString())
                .query(Long.class).single()).isZero();
    }

    @Test
    void throttlesManyFailedSignInsFromOneAddress() throws Exception {
        String user = newUser(Role.SALES);
        org.springframework.test.web.servlet.request.RequestPostProcessor from = r -> {
            r.setRemoteAddr("203.0.113.7");
            return r;
        };
        String throttled = "reason=throttled; attempts=" + LoginThrottle.MAX_ATTEMPTS + "; window=PT5M";
        long before = ledgerEntries("LOGIN_FAILED", throttled);
        for (int i = 0; i < LoginThrottle.MAX_ATTEMPTS; i++) {
            mvc.perform(post("/login").with(from).with(csrf()).param("username", "nobody" + i).param("password", "x"));
        }
        mvc.perform(post("/login").with(from).with(csrf()).param("username", user).param("password", PASSWORD))
                .andExpect(redirectedUrl("/login?throttled"));
        mvc.perform(post("/login").with(from).with(csrf()).param("username", user).param("password", PASSWORD))
                .andExpect(redirectedUrl("/login?throttled"));
        // recorded once, when the limit was reached, not for every attempt turned away
        assertThat(ledgerEntries("LOGIN_FAILED", throttled)).isEqualTo(before + 1);
        // another address is not held back
        mvc.perform(post("/login").with(csrf()).param("username", user).param("password", PASSWORD)).andExpect(redirectedUrl("/"));
    }

    @Test
    void refusesLoginWithoutCsrfToken() throws Exception {
        String user = newUser(Role.SALES);
        mvc.perform(post("/login").param("username", user).param("password", PASSWORD))
                .andExpect(r -> assertThat(r.getResponse().getStatus()).isEqualTo(403));
    }

    @Test
    void refusesWeakAndCommonPasswords() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.createAccount("shortpw", "X", "short", Set.of(Role.SALES), false))
                .isInstanceOf(AccountException.class).extracting(e -> ((AccountException) e).messageKeys())
                .asList().contains("password.too-short");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.createAccount("commonpw", "X", "qwertyuiop123", Set.of(Role.SALES), false))
                .isInstanceOf(AccountException.class).extracting(e -> ((AccountException) e).messageKeys())
                .asList().contains("password.common-password");
    }

    @Test
    void servesSecurityHeadersOnTheUi() throws Exception {
        mvc.perform(get("/login")).andExpect(r -> {
            assertThat(r.getResponse().getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'", "script-src 'self'");
            assertThat(r.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        });
    }
}

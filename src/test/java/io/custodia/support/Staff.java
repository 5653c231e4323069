package io.custodia.support;

import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import java.util.Set;
import java.util.UUID;

/** Creates staff accounts with API tokens for tests: each with a unique username. */
public final class Staff {

    public static final String PASSWORD = "correct horse battery staple 42";

    private Staff() {
    }

    /** A new staff account with these roles, and the secret of an API token of theirs. */
    public static String tokenFor(AccountService accounts, Role... roles) {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        var account = accounts.createAccount(username, "Test " + username, PASSWORD, Set.of(roles), false);
        return accounts.issueToken(account.id(), "test", null).secret();
    }

    public static Api apiFor(AccountService accounts, int port, Role... roles) {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        var account = accounts.createAccount(username, "Test " + username, PASSWORD, Set.of(roles), false);
        return new Api(port, accounts.issueToken(account.id(), "test", null).secret());
    }

    /** A signed-in staff session with these roles, for MockMvc ({@code with(authentication(...))}): a fresh account each time. */
    public static org.springframework.security.authentication.UsernamePasswordAuthenticationToken session(AccountService accounts, Role role) {
        String username = "s" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var account = accounts.createAccount(username, "Page Tester", PASSWORD, java.util.Set.of(role), false);
        var principal = new io.custodia.identity.StaffPrincipal(account.id(), username, "Page Tester", account.roles(), "en");
        return org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(principal, null,
                java.util.List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority("STAFF"),
                        new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_" + role.name())));
    }
}

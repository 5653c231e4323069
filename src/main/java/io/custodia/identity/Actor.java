package io.custodia.identity;

import java.util.Objects;
import java.util.Set;

/**
 * Who acts: a staff member (in the UI or through one of their API tokens), the system itself (jobs,
 * commands) or, later, a data subject in the privacy centre. Carries ids and roles, never personal data.
 *
 * @param id      the staff account id, the API token id, {@code system}, or the subject id
 * @param account the staff account behind an API token or session, or {@code id} otherwise
 */
public record Actor(Kind kind, String id, String account, Set<Role> roles) {

    public enum Kind { STAFF, API_TOKEN, SYSTEM, SUBJECT }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        roles = Set.copyOf(roles);
    }

    /** The staff account behind this actor, or null for the system and subjects. */
    public java.util.@org.jspecify.annotations.Nullable UUID staffAccountId() {
        if (kind != Kind.STAFF && kind != Kind.API_TOKEN) return null;
        try {
            return java.util.UUID.fromString(account);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What an audit entry names besides the actor so that a filter on a staff account also finds the acts
     * of its API tokens: {@code account=<account id>} for a token, empty otherwise.
     */
    public String auditAccount() {
        return kind == Kind.API_TOKEN ? "account=" + account : "";
    }

    /** An audit entry's detail, preceded by {@link #auditAccount()} when there is one. */
    public String auditDetail(String detail) {
        String account = auditAccount();
        return account.isEmpty() ? detail : account + "; " + detail;
    }

    public static Actor system(Set<Role> roles) {
        return new Actor(Kind.SYSTEM, "system", "system", roles);
    }

    public static Actor staff(String accountId, Set<Role> roles) {
        return new Actor(Kind.STAFF, accountId, accountId, roles);
    }

    public static Actor apiToken(String tokenId, String accountId, Set<Role> roles) {
        return new Actor(Kind.API_TOKEN, tokenId, accountId, roles);
    }
}

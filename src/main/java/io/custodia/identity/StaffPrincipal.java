package io.custodia.identity;

import java.io.Serializable;
import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/** The signed-in staff member, as held in the security context. */
public record StaffPrincipal(UUID id, String username, String displayName, Set<Role> roles, String locale)
        implements Principal, Serializable {

    public StaffPrincipal {
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return username;
    }
}

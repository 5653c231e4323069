package io.custodia.identity;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The authorities of a session: partial while login steps remain, full (STAFF + roles) after. */
final class Authorities {

    static final String STAFF = "STAFF";
    static final String PASSWORD_VERIFIED = "PASSWORD_VERIFIED";

    private Authorities() {
    }

    static List<GrantedAuthority> full(StaffPrincipal principal) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(STAFF));
        principal.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        return authorities;
    }

    static List<GrantedAuthority> partial() {
        return List.of(new SimpleGrantedAuthority(PASSWORD_VERIFIED));
    }
}

package io.custodia.identity;

import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A login that passed the password but still has steps to go (second factor, password change). */
final class PartialLogin extends AbstractAuthenticationToken {

    private final UUID accountId;
    private final String username;
    private final boolean totpDone;

    PartialLogin(UUID accountId, String username, boolean totpDone) {
        super(Authorities.partial());
        this.accountId = accountId;
        this.username = username;
        this.totpDone = totpDone;
        setAuthenticated(true);
    }

    UUID accountId() {
        return accountId;
    }

    boolean totpDone() {
        return totpDone;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return username;
    }
}

package io.custodia.identity;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Too many failed attempts: the account is locked until the given time (ASVS 5.0 V6.3.1). */
public class AccountLockedException extends RuntimeException {

    private final @Nullable Instant until;

    public AccountLockedException(@Nullable Instant until) {
        super("The account is locked after repeated failed sign-ins" + (until == null ? "" : " until " + until));
        this.until = until;
    }

    public @Nullable Instant until() {
        return until;
    }
}

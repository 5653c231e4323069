package io.custodia.identity;

/** What a signing-in staff member still has to do before using Custodia. */
enum LoginStep {
    /** Privileged roles without a second factor must enrol one first (NIST SP 800-63B, MFA for privileged staff). */
    TOTP_ENROL("/login/totp"),
    TOTP_VERIFY("/login/totp"),
    /** A one-time password given at creation must be replaced. */
    CHANGE_PASSWORD("/account/password"),
    DONE("/");

    private final String path;

    LoginStep(String path) {
        this.path = path;
    }

    String path() {
        return path;
    }

    static LoginStep next(StaffAccount account, boolean totpDone) {
        if (account.needsTotp() && !totpDone) {
            return account.totpEnrolled() ? TOTP_VERIFY : TOTP_ENROL;
        }
        return account.passwordMustChange() ? CHANGE_PASSWORD : DONE;
    }
}

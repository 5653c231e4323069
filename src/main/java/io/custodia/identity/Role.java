package io.custodia.identity;

/**
 * Staff roles. Roles grant purposes (through the data map), never tables (invariant 4). ADMIN and
 * DPO are privileged and must use a second factor (NIST SP 800-63B AAL2).
 */
public enum Role {
    ADMIN(true), DPO(true), SALES(false), SUPPORT(false), MARKETING(false), ANALYST(false), AUDITOR(false);

    private final boolean privileged;

    Role(boolean privileged) {
        this.privileged = privileged;
    }

    /** Privileged roles need TOTP before anything else (NIST SP 800-63B §4.2, MFA for privileged staff). */
    public boolean privileged() {
        return privileged;
    }
}

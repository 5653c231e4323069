package io.custodia.rights;

/** Where a request stands. */
public enum RequestStatus {
    /** Received; waits for the person to confirm from the emailed link. */
    AWAITING_VERIFICATION,
    /** Verified (or needing no verification): on the DPO's queue until answered. */
    OPEN,
    /** Open, with the period extended and the person told why. */
    EXTENDED,
    /** Answered: complied with in whole or in part, refused with reasons, or no data held. */
    CLOSED,
    /** Never verified within the time allowed: recorded as such, nothing done. */
    EXPIRED;

    public boolean open() {
        return this == OPEN || this == EXTENDED;
    }
}

package io.custodia.rights;

/** How a request was answered (CCPA §7102: complied with in whole or in part, or denied). */
public enum Outcome {
    COMPLIED, PARTLY, DENIED,
    /** No personal data is held under what the person gave us. */
    NO_DATA,
    /** The person never confirmed the request. */
    UNVERIFIED
}

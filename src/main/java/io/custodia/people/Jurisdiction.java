package io.custodia.people;

/** Which privacy law governs a person: decides deadlines and rights later (GDPR, CCPA/CPRA). */
public enum Jurisdiction {
    /** EU/EEA, France first: GDPR and the CNIL's rules. */
    EU,
    /** California: CCPA as amended by the CPRA. */
    US_CA,
    OTHER
}

package io.custodia.datamap;

/** How a field can be searched without plaintext (invariant 2): none, or a keyed blind index. */
public enum IndexKind {
    NONE, EMAIL, PHONE, NAME,
    /** The id of the organisation a person works for: lists an organisation's contacts. */
    ORGANISATION
}

package io.custodia.datamap;

/** How a field can be searched without plaintext (invariant 2): none, or a keyed blind index. */
public enum IndexKind {
    NONE, EMAIL, PHONE, NAME,
    /** The id of the organisation a person works for: lists an organisation's contacts. */
    ORGANISATION,
    /** The exact value, case folded (a language code, a jurisdiction): audiences filter on it. */
    EXACT,
    /** Each of the values of a multi-valued field (tags), case folded: audiences filter on any of them. */
    EACH
}

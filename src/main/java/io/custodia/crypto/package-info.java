/**
 * Cryptography through Google Tink only: the master key, per-subject data keys wrapped by it, field
 * encryption bound to table, column, subject and record, keyed blind indexes, crypto-shredding.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Crypto")
@org.jspecify.annotations.NullMarked
package io.custodia.crypto;

package io.custodia.crypto;

import com.google.crypto.tink.Aead;

/** The master key (root key) as an AEAD: it wraps every other key. Never leaves this module. */
record RootKey(Aead aead) {
}

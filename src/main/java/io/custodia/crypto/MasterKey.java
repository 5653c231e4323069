package io.custodia.crypto;

import com.google.crypto.tink.Aead;

/** The master AEAD that wraps every other key. Never leaves this module. */
record MasterKey(Aead aead) {
}

package io.custodia.crypto;

import com.google.crypto.tink.Aead;

/** The master key (root key) as an AEAD: it wraps every other key. Never leaves this module; {@code inUse} says which it is. */
record RootKey(Aead aead, KeyInventory.MasterKey inUse) {

    RootKey(Aead aead) {
        this(aead, new KeyInventory.MasterKey("unnamed", 0, false));
    }
}

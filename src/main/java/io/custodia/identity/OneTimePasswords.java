package io.custodia.identity;

import java.security.SecureRandom;
import java.util.Base64;

/** Random one-time passwords (144 bits) for new accounts; the holder must replace them at first sign-in. */
final class OneTimePasswords {

    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

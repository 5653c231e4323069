package io.custodia.identity.totp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds the otpauth URI of the Key Uri Format (the de facto standard of Google Authenticator, read by every
 * authenticator app from a QR code): {@code otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=...
 * &digits=...&period=...}.
 */
final class KeyUri {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private KeyUri() {}

    static String totp(String base32Secret, String issuer, String accountName, Totp totp) {
        checkLabelPart(issuer, "issuer");
        checkLabelPart(accountName, "accountName");
        Objects.requireNonNull(totp, "totp must not be null");
        String encodedIssuer = percentEncode(issuer);
        // The issuer is given twice, as label prefix and as parameter, as the format recommends for older apps.
        return "otpauth://totp/" + encodedIssuer + ":" + percentEncode(accountName)
                + "?secret=" + base32Secret
                + "&issuer=" + encodedIssuer
                + "&algorithm=" + totp.algorithm().name()
                + "&digits=" + totp.digits()
                + "&period=" + totp.period().getSeconds();
    }

    /** The format forbids a colon in either part, since the colon separates them in the label. */
    private static void checkLabelPart(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.indexOf(':') >= 0) {
            throw new IllegalArgumentException(name + " must not contain a colon");
        }
    }

    /**
     * RFC 3986 section 2.1 percent-encoding of the UTF-8 bytes of everything but the unreserved characters of section
     * 2.3. {@code URLEncoder} is not used: it writes HTML form encoding, where a space becomes "+", which the label of
     * an otpauth URI would show literally.
     */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0x0f]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}

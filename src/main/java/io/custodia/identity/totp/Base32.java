package io.custodia.identity.totp;

import java.util.Objects;

/**
 * RFC 4648 section 6 base32 ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), the encoding authenticator apps expect for TOTP
 * secrets.
 *
 * <p>Decoding is lenient where people copy secrets by hand: lowercase letters, spaces (apps show secrets in groups of
 * four) and missing padding are accepted. It is strict where leniency would make two strings decode to the same bytes:
 * impossible lengths and non-zero pad bits (RFC 4648 section 3.5) are refused. Error messages name a position only,
 * never a character, because the input is usually a secret.
 */
public final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char PAD = '=';
    /** Value of each ASCII character in the alphabet, -1 for characters outside it. Lowercase maps like uppercase. */
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
            VALUES[Character.toLowerCase(ALPHABET[i])] = (byte) i;
        }
    }

    private Base32() {}

    /** Encodes with "=" padding to a multiple of 8 characters, the canonical form of RFC 4648 section 6. */
    public static String encode(byte[] data) {
        String unpadded = encodeUnpadded(data);
        int padding = (8 - unpadded.length() % 8) % 8;
        return unpadded + String.valueOf(PAD).repeat(padding);
    }

    /**
     * Encodes without padding, the form the Key Uri Format asks for in otpauth URIs ("padding ... should be
     * omitted") and the one people type.
     */
    public static String encodeUnpadded(byte[] data) {
        Objects.requireNonNull(data, "data must not be null");
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }

    /**
     * Decodes base32, ignoring spaces and case, with or without padding.
     *
     * @throws IllegalArgumentException naming the (zero-based) position of the first offending character, or the
     *     reason the length is impossible; never the input itself
     */
    public static byte[] decode(String text) {
        Objects.requireNonNull(text, "text must not be null");
        int[] positions = new int[text.length()];
        int symbols = 0;
        int padStart = -1;
        int pads = 0;
        byte[] values = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c == PAD) {
                if (padStart < 0) {
                    padStart = i;
                }
                pads++;
                continue;
            }
            if (padStart >= 0 || c >= 128 || VALUES[c] < 0) {
                throw new IllegalArgumentException("Invalid base32 character at position " + i);
            }
            values[symbols] = VALUES[c];
            positions[symbols] = i;
            symbols++;
        }
        checkLength(symbols, pads, padStart);
        return unpack(values, symbols, symbols > 0 ? positions[symbols - 1] : 0);
    }

    /**
     * A group of 8 symbols carries 5 bytes; a final group of 1, 3 or 6 symbols cannot come from any byte count.
     * Padding, when present, must complete the final group exactly (RFC 4648 section 6, cases 1 to 4).
     */
    private static void checkLength(int symbols, int pads, int padStart) {
        int remainder = symbols % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            throw new IllegalArgumentException(
                    "Invalid base32 length: " + symbols + " symbols cannot encode whole bytes");
        }
        if (pads > 0 && (remainder == 0 || (symbols + pads) % 8 != 0)) {
            throw new IllegalArgumentException("Invalid base32 padding starting at position " + padStart);
        }
    }

    private static byte[] unpack(byte[] values, int symbols, int lastPosition) {
        byte[] out = new byte[symbols * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (int i = 0; i < symbols; i++) {
            buffer = (buffer << 5) | values[i];
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        // RFC 4648 section 3.5: leftover pad bits must be zero, otherwise several texts would decode alike.
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("Invalid base32: non-zero pad bits in the character at position "
                    + lastPosition);
        }
        return out;
    }
}

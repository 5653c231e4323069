package io.custodia.access.scan;

/** The check-digit algorithms the identifier rules rely on; pure functions. */
final class Checksums {

    private Checksums() {
    }

    /** Luhn (ISO/IEC 7812-1 Annex B) over a string of ASCII digits. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * Whether a compact, uppercase IBAN passes ISO 13616-1 / ISO 7064 MOD 97-10: move the first four
     * characters to the end, read letters as 10..35, and the remainder modulo 97 must be 1.
     */
    static boolean ibanMod97(CharSequence iban) {
        int n = iban.length();
        if (n < 5) {
            return false;
        }
        int remainder = 0;
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    /** The NIR key (INSEE): 97 minus the 13-digit number modulo 97, so in 1..97. */
    static int nirKey(long thirteenDigits) {
        return (int) (97 - thirteenDigits % 97);
    }
}

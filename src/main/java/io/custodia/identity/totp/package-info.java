/**
 * Time-based one-time passwords (RFC 6238) for the second authentication factor that ASVS 5.0 V6.3.3 requires from
 * level 2: code generation and verification, base32 secrets and the otpauth URI shown as a QR code.
 */
@NullMarked
package io.custodia.identity.totp;

import org.jspecify.annotations.NullMarked;

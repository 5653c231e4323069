/**
 * Rules a new password must pass (OWASP ASVS 5.0 V6.2, NIST SP 800-63B section 3.1.1.2): length, a blocklist of common
 * and breached passwords, and context-specific words. Hashing the accepted password is done elsewhere.
 */
@NullMarked
package io.custodia.identity.password;

import org.jspecify.annotations.NullMarked;

/**
 * Staff accounts, roles, passwords (Argon2id), the TOTP second factor, login throttling and
 * lockout, API tokens, and the security configuration of the UI and the API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
@org.jspecify.annotations.NullMarked
package io.custodia.identity;

/**
 * The single gateway to personal data (invariant 3): every read and write names an actor and a
 * purpose, is checked by the policy, is projected to the fields the purpose needs, and is the only
 * code that touches encrypted columns and the cipher.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access gateway")
@org.jspecify.annotations.NullMarked
package io.custodia.access;

package io.custodia.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An API {@code POST} whose answer is what the client cannot find again by itself and holds only ids and counts,
 * never a personal value (an import: the ids of the persons it made, in the order of its rows). Sent with an
 * {@code Idempotency-Key}, the answer's body is kept with the key (24 hours) and given back as it was on a replay;
 * other creates give back their status and the address of what they made, which the client fetches.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KeepsOutcome {
}

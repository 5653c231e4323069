package io.custodia.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An API {@code POST} that only reads (a search whose terms travel in the body, never in an address; a count): sent
 * again, it runs again, so an {@code Idempotency-Key} sent with it is not kept.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadsOnly {
}

/**
 * Retention: how long a person's data may be kept. For now the legal holds: a legal obligation of the data
 * map (accounting, say) that requires part of a person's record to be kept until a day, so that an erasure
 * keeps that part, only that, until then (GDPR Art. 17(3)(b)).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Retention")
@org.jspecify.annotations.NullMarked
package io.custodia.retention;

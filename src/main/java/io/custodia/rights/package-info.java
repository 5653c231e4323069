/**
 * Data subject rights: requests received from the privacy centre, the API or staff, verified in proportion
 * to what they ask, each on its legal clock (GDPR Art. 12(3), CCPA §7021, §7026-7027), tracked in the DPO's
 * queue, and fulfilled through the modules that hold the person's data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rights")
@org.jspecify.annotations.NullMarked
package io.custodia.rights;

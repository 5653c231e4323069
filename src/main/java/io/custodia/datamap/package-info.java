/**
 * The processing register (GDPR Art. 30): purposes, legal bases, fields and their categories,
 * retention rules, recipients and role grants, loaded from one YAML file and validated at start.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Data map")
@org.jspecify.annotations.NullMarked
package io.custodia.datamap;

/**
 * The CRM core: persons (data subjects), organisations, interactions, deals and tags, with search.
 * Holds ids, relations and business data; every personal value goes through the access gateway.
 */
@org.springframework.modulith.ApplicationModule(displayName = "People (CRM core)")
@org.jspecify.annotations.NullMarked
package io.custodia.people;

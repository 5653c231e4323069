/** The web layer: layout, home page, languages, the purpose switcher, and the mapping of errors to pages and problem details. */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
@org.jspecify.annotations.NullMarked
package io.custodia.web;

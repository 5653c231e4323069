/**
 * The admin command line of the same jar ({@code java -jar custodia.jar <command>}): master key
 * generation, administrator creation, demo and benchmark data; and the {@code --demo} start option.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin commands")
@org.jspecify.annotations.NullMarked
package io.custodia.admin;

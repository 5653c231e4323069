package io.custodia.identity;

import java.util.UUID;

/** A newly issued API token. The secret is shown once and stored only as a hash. */
public record IssuedToken(UUID id, String name, String secret) {
}

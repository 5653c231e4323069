package io.custodia.access;

import io.custodia.identity.Actor;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Who asks, and for what purpose. A null or blank purpose is refused by the gateway with the list of allowed ones. */
public record AccessRequest(Actor actor, @Nullable String purpose) {

    /** The HTTP session attribute holding the id of the purpose a staff member chose in the UI's purpose switcher. */
    public static final String PURPOSE_SESSION_ATTRIBUTE = "custodia.purpose";

    public AccessRequest {
        Objects.requireNonNull(actor, "actor");
    }
}

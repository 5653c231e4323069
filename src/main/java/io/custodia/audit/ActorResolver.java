package io.custodia.audit;

/**
 * Who is acting in the current thread, as the ledger records it. The identity module provides it (the
 * ledger cannot depend on identity, which records its own events here); outside a signed-in request it
 * answers the system.
 */
public interface ActorResolver {

    /** The acting party's kind ({@code STAFF}, {@code API_TOKEN}, {@code SYSTEM}, ...) and id. */
    record ActorRef(String kind, String id) {
        public static final ActorRef SYSTEM = new ActorRef("SYSTEM", "system");
    }

    ActorRef current();
}

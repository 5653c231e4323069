package io.custodia.datamap;

import java.util.Arrays;
import java.util.Optional;

/** The event a retention period runs from (CNIL référentiel « gestion commerciale », 2021). */
public enum RetentionEvent {
    /** The data was collected. */
    COLLECTION("collection"),
    /** The last contact initiated by the person: a reply, a click, a call; opening an email does not count. */
    LAST_CONTACT_BY_SUBJECT("last_contact_by_subject"),
    /** The end of the contractual relationship. */
    RELATIONSHIP_END("relationship_end"),
    /** The transaction (invoice, payment) the record proves. */
    TRANSACTION("transaction"),
    /** The consent was given or last renewed. */
    CONSENT_GIVEN("consent_given");

    private final String key;

    RetentionEvent(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<RetentionEvent> ofKey(String key) {
        return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst();
    }
}

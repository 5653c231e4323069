package io.custodia.shared;

import java.util.Objects;
import java.util.UUID;

/** The id of a data subject (a person). Never carries personal data, so it may appear in URLs, logs and events. */
public record SubjectId(UUID value) {

    public SubjectId {
        Objects.requireNonNull(value, "value");
    }

    public static SubjectId of(String text) {
        return new SubjectId(Ids.parse(text, "subject id"));
    }

    public static SubjectId random() {
        return new SubjectId(Ids.next());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

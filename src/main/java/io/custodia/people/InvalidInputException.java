package io.custodia.people;

import java.util.List;

/** Input was refused before anything was written; each error names the field (and the row of an import). */
public class InvalidInputException extends RuntimeException {

    /** @param field the input field (JSON name or form field), {@code row} is 1-based for imports, 0 otherwise */
    /** @param row the import's row (from 1) the error is in; 0, and left out of the JSON, for anything but an import */
    public record FieldError(String field, String code, String message,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT) int row) {
    }

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.stream().map(e -> (e.row() > 0 ? "row " + e.row() + ", " : "") + e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid input"));
        this.errors = List.copyOf(errors);
    }

    /**
     * One error per field of a JSON body that is not among {@code known} (named only when the name has the form of
     * one: {@link io.custodia.shared.Texts#fieldName}), sorted, each listing what is expected.
     */
    public static java.util.List<FieldError> unknownFields(java.util.Map<String, ?> body, java.util.Set<String> known) {
        java.util.List<String> expected = known.stream().sorted().toList();
        return body.keySet().stream().filter(k -> !known.contains(k)).sorted()
                // "unknown-field" as every input's reader says it; "unknown" is a value outside a field's choices
                .map(k -> new FieldError(io.custodia.shared.Texts.fieldName(k), "unknown-field", "unknown field; expected some of " + expected, 0))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }

    public static InvalidInputException of(String field, String code, String message) {
        return new InvalidInputException(List.of(new FieldError(field, code, message, 0)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}

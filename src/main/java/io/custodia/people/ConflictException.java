package io.custodia.people;

import java.util.List;

/** The request is valid but conflicts with the current state (e.g. deleting an organisation still in use). */
public class ConflictException extends InvalidInputException {

    public ConflictException(String field, String code, String message) {
        super(List.of(new FieldError(field, code, message, 0)));
    }
}

package io.custodia.people;

/** The resource does not exist (or was erased). The message names the kind and id, never personal data. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind, Object id) {
        super("No " + kind + " with id " + id);
    }
}

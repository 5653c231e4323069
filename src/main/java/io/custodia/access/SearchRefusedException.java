package io.custodia.access;

/** A search cannot run as asked (too short, too broad); the message says how to ask. */
public class SearchRefusedException extends RuntimeException {

    public SearchRefusedException(String message) {
        super(message);
    }
}

package io.custodia.datamap;

/** The data map is inconsistent; the message names the file, the line and the entry. Stops start-up. */
public class DataMapException extends RuntimeException {

    public DataMapException(String message) {
        super(message);
    }
}

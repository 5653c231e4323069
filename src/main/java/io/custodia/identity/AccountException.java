package io.custodia.identity;

import java.util.List;

/**
 * An account operation was refused; {@link #messageKeys()} are message-bundle keys the UI translates
 * (with {@link #arguments()}), the message is English for logs and the API.
 */
public class AccountException extends RuntimeException {

    private final List<String> messageKeys;
    private final Object[] arguments;

    public AccountException(String message, List<String> messageKeys, Object... arguments) {
        super(message);
        this.messageKeys = List.copyOf(messageKeys);
        this.arguments = arguments.clone();
    }

    public List<String> messageKeys() {
        return messageKeys;
    }

    public Object[] arguments() {
        return arguments.clone();
    }
}

package io.custodia.consent;

import org.jspecify.annotations.Nullable;

/** No SMTP server is configured, or it refused the message: nothing was recorded, the caller may retry. */
public class MailUnavailableException extends RuntimeException {

    MailUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}

package io.custodia.shared;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The correlation id of the HTTP request the current thread serves, so that every audit entry and log
 * line of one request can be found together. Set and cleared by the web layer's filter; null outside a
 * request (jobs, commands). An id from a client ({@code X-Request-Id}) is kept only when it is short
 * and plain, so a caller cannot smuggle text into the ledger or the logs.
 */
public final class Correlation {

    /** The request and response header that carries the id. */
    public static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTED = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

    private Correlation() {
    }

    /** The current request's id, or null outside a request. */
    public static @Nullable String current() {
        return CURRENT.get();
    }

    /** The client's id when it is a UUID (any case, kept in lower case), else a new time-ordered one. */
    public static String acceptOrCreate(@Nullable String fromClient) {
        if (fromClient != null) {
            String lower = fromClient.strip().toLowerCase(java.util.Locale.ROOT);
            if (ACCEPTED.matcher(lower).matches()) return lower;
        }
        return Ids.next().toString();
    }

    /**
     * Makes {@code id} the current correlation id until the returned scope is closed, which restores the
     * previous one: {@code try (var scope = Correlation.open(id)) { ... }}.
     */
    public static Scope open(String id) {
        String previous = CURRENT.get();
        CURRENT.set(id);
        return () -> {
            if (previous == null) CURRENT.remove(); else CURRENT.set(previous);
        };
    }

    /** An open correlation scope; closing it never throws. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

package io.custodia.web;

import io.custodia.identity.Actor;
import io.custodia.identity.CurrentActor;
import io.custodia.identity.RequestKeys;
import io.custodia.people.ConflictException;
import io.custodia.people.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The API's {@code Idempotency-Key} request header (IETF draft-ietf-httpapi-idempotency-key-header), on {@code POST}: a
 * client that did not get the answer to a create (a timeout, a lost connection) sends it again with the same key and
 * nothing is made twice. The first request with a key runs; one that succeeded (2xx) leaves its status and
 * {@code Location} with the key for 24 hours, and a request sent again with the key and the same body gets them back,
 * marked {@code Idempotent-Replayed: true}, without running; one that failed frees the key; one that only reads (a
 * search, marked {@link io.custodia.shared.ReadsOnly}) keeps nothing. A key still running answers 409 {@code in-use};
 * a key whose first request was interrupted, 409 {@code outcome-unknown} (never run twice); a key sent with another
 * method, path or body, 422 {@code reused}. Keys are the API token's own ({@link RequestKeys}). An answer the client
 * could not find again by itself ({@link io.custodia.shared.KeepsOutcome}: an import's ids) is kept whole and given back
 * as it was ({@link KeptOutcome}).
 */
final class ApiIdempotency implements HandlerInterceptor {

    static final String HEADER = "Idempotency-Key";
    private static final Pattern WELL_FORMED = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final int KEPT_LENGTH = 400;
    private static final String CLAIMED = ApiIdempotency.class.getName() + ".claimed";
    private static final String KEPT_BODY = ApiIdempotency.class.getName() + ".keptBody";
    /** Largest answer kept with a key (an import of 10,000 rows answers some 390 kB of ids); a larger one is not kept. */
    static final int MAX_KEPT_BODY = 1024 * 1024;

    private record Claimed(String owner, String key) {
    }

    private final RequestKeys keys;

    ApiIdempotency(RequestKeys keys) {
        this.keys = keys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (!"POST".equals(request.getMethod()) || request.getDispatcherType() != jakarta.servlet.DispatcherType.REQUEST) return true;
        String key = request.getHeader(HEADER);
        if (key == null) return true;
        // a read sent again runs again: no outcome to keep
        if (handler instanceof org.springframework.web.method.HandlerMethod method && method.hasMethodAnnotation(io.custodia.shared.ReadsOnly.class)) {
            return true;
        }
        if (Collections.list(request.getHeaders(HEADER)).size() > 1) {
            throw InvalidInputException.of(HEADER, "repeated", "is given more than once: give one key per request; nothing was done");
        }
        if (!WELL_FORMED.matcher(key).matches()) {
            throw InvalidInputException.of(HEADER, "malformed", "must be 1 to 128 visible ASCII characters, such as a UUID; nothing was done");
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) return true;
        Actor actor;
        try {
            actor = CurrentActor.of(authentication);
        } catch (IllegalStateException notStaff) {
            return true;
        }
        String owner = actor.kind() + ":" + actor.id();
        String what = clip("POST " + request.getRequestURI());
        var buffered = org.springframework.web.util.WebUtils.getNativeRequest(request, BufferedBody.Request.class);
        byte[] body = buffered == null ? new byte[0] : buffered.body();
        switch (keys.claim(owner, key, what, body)) {
            case RequestKeys.Claim.Fresh fresh -> {
                request.setAttribute(CLAIMED, new Claimed(owner, key));
                return true;
            }
            case RequestKeys.Claim.Done done -> {
                replay(response, done);
                return false;
            }
            case RequestKeys.Claim.Running running -> throw new ConflictException(HEADER, "in-use",
                    "a request with this key is still being processed: wait for it, or try again in a moment; nothing was done");
            case RequestKeys.Claim.Interrupted interrupted -> throw new ConflictException(HEADER, "outcome-unknown",
                    "the request first sent with this key was interrupted (the service stopped) and whether it was done is not known:"
                            + " check whether the change was made, then send it with a new key if it was not; nothing was done now");
            case RequestKeys.Claim.OtherRequest other -> throw new KeyReusedException("this key was used for another request ("
                    + other.request() + (other.otherBody() ? " with another body" : "") + "): use a new key for each change; nothing was done");
        }
    }

    /** Whether this request claimed a key (its outcome will be kept if it succeeds). */
    static boolean claimed(jakarta.servlet.ServletRequest request) {
        return request.getAttribute(CLAIMED) instanceof Claimed;
    }

    /** The answer's body to keep with the request's key, as sent (JSON holding ids and counts only); too large, none. */
    static void keep(jakarta.servlet.ServletRequest request, byte[] body) {
        if (body.length <= MAX_KEPT_BODY) request.setAttribute(KEPT_BODY, body);
    }

    /**
     * The first answer's status and address, told as a replay; the resource itself is fetched at its address. A kept
     * answer ({@link io.custodia.shared.KeepsOutcome}) is given back whole.
     */
    private static void replay(HttpServletResponse response, RequestKeys.Claim.Done done) throws IOException {
        response.setStatus(done.status());
        response.setHeader("Idempotent-Replayed", "true");
        if (done.location() != null) response.setHeader("Location", done.location());
        if (done.status() == HttpServletResponse.SC_NO_CONTENT) return;
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (done.outcome() != null) {
            response.setContentLength(done.outcome().length);
            response.getOutputStream().write(done.outcome());
            return;
        }
        String body = "{\"replayed\":true,\"status\":" + done.status()
                + (done.location() == null ? "" : ",\"location\":\"" + jsonString(done.location()) + "\"") + "}";
        response.getWriter().write(body);
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception ex) {
        if (!(request.getAttribute(CLAIMED) instanceof Claimed claimed)) return;
        int status = response.getStatus();
        String location = response.getHeader("Location");
        if (ex == null && status >= 200 && status < 300) {
            // made: the outcome is kept whatever its address (one too long to keep is left out, never the outcome)
            keys.succeeded(claimed.owner(), claimed.key(), status, location == null || location.length() > KEPT_LENGTH ? null : location,
                    request.getAttribute(KEPT_BODY) instanceof byte[] kept ? kept : null);
        } else {
            keys.failed(claimed.owner(), claimed.key());
        }
    }

    private static String clip(String text) {
        return text.length() <= KEPT_LENGTH ? text : text.substring(0, KEPT_LENGTH);
    }

    /** A location is an address: only a quote or a backslash could need escaping. */
    private static String jsonString(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** An Idempotency-Key sent with another request than the one it was first used for (422). */
    static final class KeyReusedException extends InvalidInputException {
        KeyReusedException(String message) {
            super(java.util.List.of(new FieldError(HEADER, "reused", message, 0)));
        }
    }
}

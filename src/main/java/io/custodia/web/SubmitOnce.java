package io.custodia.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * A create form sent twice creates once (a double click, a POST sent again from the browser's history, a retry over
 * a slow network): each create form carries a one-time token in the field {@value #PARAMETER}, made for the page
 * that shows it. The first POST with a token runs; a second one with the same token waits for the first and is
 * sent where the first one was sent, told that the form had already been saved. A POST whose form was refused (a
 * mistake shown on the page, or a redirect carrying a flash attribute named {@code …Error} or {@code …Errors}) frees
 * its token, so the mended form goes through. A sending is the token with the address and what the form holds
 * ({@link #sending}): another form of the same page, or the form changed and sent again, runs. An edit form carries
 * none: sent twice, it saves the same values.
 *
 * <p>The tokens live in the staff member's session, in memory: a token with a digest of the fields, and the address it
 * led to, never what was typed; the last {@value #KEPT} are kept.
 */
final class SubmitOnce implements HandlerInterceptor {

    /** The hidden field each create form carries. */
    static final String PARAMETER = "once";
    /** The model attribute a page renders into that field: a fresh token for each page shown. */
    static final String MODEL_ATTRIBUTE = "onceToken";
    static final int KEPT = 64;
    /** How long a second POST waits for the first to finish before it is told the form is still being saved. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private static final String SESSION_ATTRIBUTE = SubmitOnce.class.getName() + ".tokens";
    private static final String REQUEST_ATTRIBUTE = SubmitOnce.class.getName() + ".claimed";

    /** The tokens of one session: each one's outcome, the address its POST led to (null: refused, the token freed). */
    private static final class Tokens {
        private final Map<String, CompletableFuture<@Nullable String>> outcomes = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<@Nullable String>> eldest) {
                return size() > KEPT;
            }
        };

        /** Claims the token for {@code mine}; returns the earlier claim's outcome when there is one. */
        synchronized @Nullable CompletableFuture<@Nullable String> claim(String token, CompletableFuture<@Nullable String> mine) {
            CompletableFuture<@Nullable String> earlier = outcomes.get(token);
            if (earlier != null) return earlier;
            outcomes.put(token, mine);
            return null;
        }

        synchronized void free(String token, CompletableFuture<@Nullable String> mine) {
            outcomes.remove(token, mine);
        }
    }

    private record Claim(Tokens tokens, String token, CompletableFuture<@Nullable String> outcome) {
    }

    /** A fresh token for a page's create form. */
    static String newToken() {
        return UUID.randomUUID().toString();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!"POST".equals(request.getMethod()) || request.getDispatcherType() != jakarta.servlet.DispatcherType.REQUEST) return true;
        String sent = request.getParameter(PARAMETER);
        if (sent == null || !wellFormed(sent)) return true;
        HttpSession session = request.getSession(false);
        if (session == null) return true;
        Tokens tokens = tokens(session);
        String token = sending(sent, request);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            CompletableFuture<@Nullable String> mine = new CompletableFuture<>();
            CompletableFuture<@Nullable String> earlier = tokens.claim(token, mine);
            if (earlier == null) {
                request.setAttribute(REQUEST_ATTRIBUTE, new Claim(tokens, token, mine));
                return true;
            }
            String location;
            try {
                location = earlier.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                response.sendError(HttpServletResponse.SC_CONFLICT, "This form is still being saved; open the list to see whether it was");
                return false;
            } catch (ExecutionException e) {
                location = null;
            }
            if (location != null) {
                // the first POST's own notice (a one-time password, "person created") is still waiting when its answer
                // was never shown (a double click): that one is shown; otherwise the page says the form was sent before
                if (!flashWaitingFor(session, location)) {
                    FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
                    flash.put("notice", "form.sent-once");
                    RequestContextUtils.saveOutputFlashMap(location, request, response);
                }
                response.sendRedirect(location);
                return false;
            }
            // the first POST was refused and freed the token: this one runs (or waits for another that claimed it since)
        }
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception ex) {
        if (!(request.getAttribute(REQUEST_ATTRIBUTE) instanceof Claim claim)) return;
        String location = ex == null && response.getStatus() / 100 == 3 && !refusedWithRedirect(request) ? response.getHeader("Location") : null;
        if (location == null) claim.tokens().free(claim.token(), claim.outcome());
        claim.outcome().complete(location);
    }

    /**
     * A form refused with a redirect says why in a flash attribute whose name ends in {@code Error} or {@code Errors}
     * ({@code holdError}, {@code createErrors}): nothing was saved, so its token is freed.
     */
    private static boolean refusedWithRedirect(HttpServletRequest request) {
        FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
        return flash.keySet().stream().anyMatch(k -> k.endsWith("Error") || k.endsWith("Errors"));
    }

    /** Whether a flash map saved for {@code location}'s path is still in the session, not yet shown. */
    private static boolean flashWaitingFor(HttpSession session, String location) {
        String path = location.contains("?") ? location.substring(0, location.indexOf('?')) : location;
        Object saved = session.getAttribute(SessionFlashMapManager.class.getName() + ".FLASH_MAPS");
        if (!(saved instanceof java.util.List<?> maps)) return false;
        // Spring keeps them in a copy-on-write list: read without a lock
        return maps.stream().anyMatch(m -> m instanceof FlashMap f && !f.isExpired() && f.getTargetRequestPath() != null
                && (path.equals(f.getTargetRequestPath()) || path.endsWith(f.getTargetRequestPath())));
    }

    /**
     * What makes two POSTs the same sending: the page's token, the address and what the form holds. Another form of the
     * same page (a person's page has several, all with its one token), or the page's form changed and sent again,
     * is another sending; a digest of the fields keeps what was typed out of the session.
     */
    static String sending(String token, HttpServletRequest request) {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.util.SortedMap<String, String[]> fields = new java.util.TreeMap<>(request.getParameterMap());
        fields.remove("_csrf");
        digest.update(request.getRequestURI().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fields.forEach((name, values) -> {
            digest.update((byte) 0);
            digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String value : values) {
                digest.update((byte) 1);
                digest.update(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return token + ":" + java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static boolean wellFormed(String token) {
        if (token.length() != 36) return false;
        try {
            return UUID.fromString(token).toString().equals(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Tokens tokens(HttpSession session) {
        synchronized (SubmitOnce.class) {
            if (session.getAttribute(SESSION_ATTRIBUTE) instanceof Tokens tokens) return tokens;
            Tokens tokens = new Tokens();
            session.setAttribute(SESSION_ATTRIBUTE, tokens);
            return tokens;
        }
    }
}

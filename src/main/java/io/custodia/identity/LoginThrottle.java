package io.custodia.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows credential stuffing across many accounts, which the per-account lockout cannot: after
 * {@link #MAX_ATTEMPTS} failed sign-in attempts (password or code) from one client address within
 * {@link #WINDOW}, further attempts from it are turned away (ASVS 5.0 V6.3.1 anti-automation). Kept per
 * node, in memory.
 */
@org.springframework.stereotype.Component
class LoginThrottle extends OncePerRequestFilter {

    static final int MAX_ATTEMPTS = 30;
    static final Duration WINDOW = Duration.ofMinutes(5);
    private final Cache<String, AtomicInteger> attempts = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(100_000).build();
    private final IdentityAudit audit;

    LoginThrottle(IdentityAudit audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !(path.equals("/login") || path.equals("/login/totp"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AtomicInteger failures = attempts.getIfPresent(request.getRemoteAddr());
        if (failures != null && failures.get() >= MAX_ATTEMPTS) {
            response.sendRedirect(request.getContextPath() + "/login?throttled");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Counts a failed attempt (wrong password, unknown user, wrong code) against the client address. */
    void recordFailure(HttpServletRequest request) {
        if (attempts.get(request.getRemoteAddr(), key -> new AtomicInteger()).incrementAndGet() == MAX_ATTEMPTS) {
            // the client is turned away from now on: said once, not for every attempt it goes on making
            audit.throttled(MAX_ATTEMPTS, WINDOW);
        }
    }
}

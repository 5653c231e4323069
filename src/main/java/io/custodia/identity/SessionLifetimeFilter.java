package io.custodia.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a UI session 12 hours after sign-in whatever the activity (NIST SP 800-63B §4.2.3, AAL2
 * reauthentication); the 30-minute idle limit is the servlet session timeout.
 */
final class SessionLifetimeFilter extends OncePerRequestFilter {

    static final Duration MAX_LIFETIME = Duration.ofHours(12);
    private final Clock clock;

    SessionLifetimeFilter(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Object signedInAt = session == null ? null : session.getAttribute(LoginFlow.SIGNED_IN_AT);
        if (signedInAt instanceof Long since && clock.millis() - since > MAX_LIFETIME.toMillis()) {
            session.invalidate();
            response.sendRedirect(request.getContextPath() + "/login?expired");
            return;
        }
        chain.doFilter(request, response);
    }
}

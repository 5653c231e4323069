package io.custodia.web;

import io.custodia.shared.Correlation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id before anything else runs (sign-in failures included), echoes it
 * in the {@code X-Request-Id} response header and puts it in the log context: the audit entries of one
 * request carry it, so a support ticket quoting it leads to exactly what that request did.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CorrelationFilter extends OncePerRequestFilter {

    static final String LOG_KEY = "correlationId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = Correlation.acceptOrCreate(request.getHeader(Correlation.HEADER));
        response.setHeader(Correlation.HEADER, id);
        MDC.put(LOG_KEY, id);
        try (Correlation.Scope scope = Correlation.open(id)) {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(LOG_KEY);
        }
    }
}

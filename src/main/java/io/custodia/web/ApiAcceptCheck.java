package io.custodia.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A change through the API is refused before it is made when the client cannot take its JSON answer. Spring would
 * otherwise carry the change out and only then find it cannot write the answer: the client saw 406, retried, and
 * created a second person. Reads are left to Spring's own negotiation (they change nothing but the ledger, which
 * then records a read that was refused its answer: more than happened, never less).
 */
@Component
class ApiAcceptCheck extends OncePerRequestFilter {

    private static final List<MediaType> ANSWERS = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!acceptsJson(request.getHeaders("Accept"))) {
            response.setStatus(HttpServletResponse.SC_NOT_ACCEPTABLE);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Not Acceptable\",\"status\":406,"
                    + "\"detail\":\"This API answers in JSON (application/json or application/problem+json), which the Accept header "
                    + "does not allow; nothing was done. Send Accept: application/json, or no Accept header\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether the Accept headers (none: anything) allow a JSON answer. */
    static boolean acceptsJson(java.util.Enumeration<String> headers) {
        boolean any = false;
        while (headers.hasMoreElements()) {
            String header = headers.nextElement();
            if (header == null || header.isBlank()) continue;
            any = true;
            try {
                for (MediaType type : MediaType.parseMediaTypes(header)) {
                    if (type.getQualityValue() > 0 && ANSWERS.stream().anyMatch(type::isCompatibleWith)) return true;
                }
            } catch (InvalidMediaTypeException e) {
                return false;
            }
        }
        return !any;
    }
}

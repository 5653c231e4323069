package io.custodia.web;

import io.custodia.people.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * An API address that takes no body (sending a campaign, signing a checkpoint, emailing a link) refuses one that is
 * something, before anything is done: a client that sent options there (a filter, a purpose) believes they counted,
 * and a body that is not even JSON is a client bug worth telling. Nothing, or an empty object {@code {}}, is taken.
 */
class ApiBodylessCheck implements HandlerInterceptor {

    /** More than an empty object with its spaces: enough to tell one from a body. */
    private static final int LOOK = 256;

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (!(handler instanceof HandlerMethod method) || !request.getRequestURI().startsWith(request.getContextPath() + "/api/")) return true;
        String verb = request.getMethod();
        if (verb.equals("GET") || verb.equals("HEAD") || verb.equals("OPTIONS")) return true;
        if (Arrays.stream(method.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class))) return true;
        if (request.getContentLengthLong() == 0) return true;
        String body = new String(request.getInputStream().readNBytes(LOOK), StandardCharsets.UTF_8);
        if (body.isBlank() || body.replaceAll("\\s", "").equals("{}")) return true;
        throw InvalidInputException.of("body", "not-taken", "this address takes no body: send none, or {}; nothing was done");
    }
}

package io.custodia.web;

import io.custodia.people.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * What an API address would otherwise take silently, refused before anything is done (registered on {@code /api/**}):
 * <ul>
 * <li>a body sent to an address that takes none (sending a campaign, signing a checkpoint, emailing a link): a client
 *     that sent options there believes they counted, and a body that is not even JSON is a bug worth telling; nothing,
 *     or an empty object {@code {}}, is taken;</li>
 * <li>a query parameter the address takes once, given twice ({@code ?size=10&size=20}): Spring would quietly use the
 *     first; a parameter documented as repeatable (a list, as {@code actor} on the audit entries) may repeat.</li>
 * </ul>
 */
class ApiRequestChecks implements HandlerInterceptor {

    /** More than an empty object with its spaces: enough to tell one from a body. */
    private static final int LOOK = 256;

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (!(handler instanceof HandlerMethod method)) return true;
        repeatedParameters(request, method);
        String verb = request.getMethod();
        if (!verb.equals("GET") && !verb.equals("HEAD") && !verb.equals("OPTIONS")) bodyWhereNoneIsTaken(request, method);
        return true;
    }

    private static void bodyWhereNoneIsTaken(HttpServletRequest request, HandlerMethod method) throws IOException {
        if (Arrays.stream(method.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class))) return;
        if (request.getContentLengthLong() == 0) return;
        String body = new String(request.getInputStream().readNBytes(LOOK), StandardCharsets.UTF_8);
        if (body.isBlank() || body.replaceAll("\\s", "").equals("{}")) return;
        throw InvalidInputException.of("body", "not-taken", "this address takes no body: send none, or {}; nothing was done");
    }

    private static void repeatedParameters(HttpServletRequest request, HandlerMethod method) {
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation == null) continue;
            Class<?> type = parameter.getParameterType();
            if (type.isArray() || Collection.class.isAssignableFrom(type) || java.util.Map.class.isAssignableFrom(type)) continue;
            String name = !annotation.name().isEmpty() ? annotation.name() : !annotation.value().isEmpty() ? annotation.value() : parameter.getParameterName();
            if (name == null) continue;
            String[] values = request.getParameterValues(name);
            if (values != null && values.length > 1) {
                throw InvalidInputException.of(name, "repeated", "is given " + values.length + " times: give it once; nothing was done");
            }
        }
    }
}

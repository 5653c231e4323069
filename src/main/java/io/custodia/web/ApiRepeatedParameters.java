package io.custodia.web;

import io.custodia.people.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A query parameter an API address takes once, given twice ({@code ?size=10&size=20}), is refused before anything
 * is done: Spring would quietly use the first, and the client never learn which counted. A parameter documented
 * as repeatable (a list, as {@code actor} on the audit entries) may repeat.
 */
class ApiRepeatedParameters implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !request.getRequestURI().startsWith(request.getContextPath() + "/api/")) return true;
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
        return true;
    }
}

package io.custodia.web;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The error endpoint's answer for an API address ({@link ApiErrorAttributes} gives its members) goes out as
 * {@code application/problem+json} (RFC 9457), the type of every other API error, instead of plain JSON: a
 * client that tells problems apart by their type sees the server's own refusals (405, 404, 400) the same way.
 */
@ControllerAdvice
class ApiErrorContentType implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return ErrorController.class.isAssignableFrom(returnType.getContainingClass());
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (request instanceof ServletServerHttpRequest servlet && MediaType.APPLICATION_JSON.isCompatibleWith(selectedContentType)
                && servlet.getServletRequest().getAttribute("jakarta.servlet.error.request_uri") instanceof String path
                && ApiErrorAttributes.isApi(path)) {
            // set before the converter writes: it adds its own type only when none is set
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return body;
    }
}

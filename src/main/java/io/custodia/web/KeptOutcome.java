package io.custodia.web;

import io.custodia.shared.KeepsOutcome;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands the body of a {@link KeepsOutcome} answer, as the JSON the client receives, to {@link ApiIdempotency} when the
 * request claimed an {@code Idempotency-Key}: it is kept with the key, if it succeeded, and given back on a replay.
 */
@ControllerAdvice
class KeptOutcome implements ResponseBodyAdvice<Object> {

    private final JsonMapper json;

    KeptOutcome(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.hasMethodAnnotation(KeepsOutcome.class);
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body != null && request instanceof ServletServerHttpRequest servlet && ApiIdempotency.claimed(servlet.getServletRequest())
                && MediaType.APPLICATION_JSON.isCompatibleWith(selectedContentType)) {
            ApiIdempotency.keep(servlet.getServletRequest(), json.writeValueAsBytes(body));
        }
        return body;
    }
}

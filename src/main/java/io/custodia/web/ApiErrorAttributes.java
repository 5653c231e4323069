package io.custodia.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * What the error endpoint says for an API address that no controller took (a method the address does not
 * take, a path the server could not read): the members of an RFC 9457 problem detail, like every other API
 * error, instead of Spring's own shape. Other addresses keep the default attributes (the error pages use them).
 */
@Component
class ApiErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Object uri = request.getAttribute("jakarta.servlet.error.request_uri", RequestAttributes.SCOPE_REQUEST);
        Object code = request.getAttribute("jakarta.servlet.error.status_code", RequestAttributes.SCOPE_REQUEST);
        if (!(uri instanceof String path) || !isApi(path) || !(code instanceof Integer status)) {
            return super.getErrorAttributes(request, options);
        }
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", switch (status) {
            case 405 -> "This address does not take this method; the Allow header lists the ones it takes (the README's API section lists every address)";
            case 404 -> "No API address matches this path; the README's API section lists them";
            case 400 -> "The request's address or parameters could not be read: check the path, its ids and its query";
            case 415 -> "The body's Content-Type is not one this address takes: send application/json (or text/csv for an import)";
            default -> status >= 500 ? "The request could not be completed; quote the X-Request-Id header to your administrator"
                    : "The request was refused";
        });
        problem.put("instance", path);
        return problem;
    }

    /** Whether the error is for an address of the API (its answers are problem details, {@link ApiErrorContentType}). */
    static boolean isApi(String path) {
        return path.contains("/api/");
    }
}

package io.custodia.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * An address no controller or static file answers: the 404 page for a browser, the same problem detail as
 * before for the API and other clients. No controller owns such a request, so only a global advice sees it.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownPages {

    private final LayoutModel layout;

    UnknownPages(LayoutModel layout) {
        this.layout = layout;
    }

    @ExceptionHandler
    Object unknown(NoResourceFoundException e, @Nullable Authentication auth, HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (path.startsWith("/api/") || accept == null || !accept.contains("text/html")) {
            // in the API's words, not the framework's ("No static resource …"): no operation answers here
            org.springframework.http.ProblemDetail problem = e.getBody();
            problem.setDetail(path.startsWith("/api/") ? "No operation of the API answers " + e.getHttpMethod() + " at this address; the"
                    + " addresses are described at /api/v1/openapi" : "Nothing is at this address");
            return ResponseEntity.status(e.getStatusCode()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        ExtendedModelMap model = new ExtendedModelMap();
        layout.populate(model, auth, request);
        ModelAndView page = new ModelAndView("error/404", model);
        page.setStatus(HttpStatus.NOT_FOUND);
        return page;
    }
}

package io.custodia.web;

import io.custodia.access.NoteRefusedException;
import io.custodia.access.SearchRefusedException;
import io.custodia.crypto.SubjectKeyMissingException;
import io.custodia.identity.AccountException;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.policy.FieldRefusedException;
import io.custodia.policy.PurposeRefusedException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps refusals to RFC 9457 problem details with a specific, actionable detail and no personal data. */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiProblems extends org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler
    ProblemDetail purpose(PurposeRefusedException e) {
        HttpStatus status = e.reason() == PurposeRefusedException.Reason.NOT_GRANTED ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = problem(status, switch (e.reason()) {
            case MISSING -> "Purpose required";
            case UNKNOWN -> "Unknown purpose";
            case NOT_GRANTED -> "Purpose not granted";
        }, e.getMessage() + (e.reason() == PurposeRefusedException.Reason.MISSING ? " (send it in the X-Purpose header)" : ""));
        problem.setProperty("allowedPurposes", e.allowedPurposes());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail field(FieldRefusedException e) {
        ProblemDetail problem = problem(e.reason() == FieldRefusedException.Reason.OUTSIDE_PURPOSE ? HttpStatus.FORBIDDEN
                : HttpStatus.BAD_REQUEST, "Field refused", e.getMessage());
        problem.setProperty("fields", e.fields());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail conflict(io.custodia.people.ConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail keyReused(ApiIdempotency.KeyReusedException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail note(NoteRefusedException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Text refused", e.getMessage());
        problem.setProperty("field", e.field());
        problem.setProperty("found", e.kinds());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail search(SearchRefusedException e) {
        return problem(HttpStatus.BAD_REQUEST, "Search refused", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail erased(SubjectKeyMissingException e) {
        return problem(HttpStatus.GONE, "Erased", "This person's data was erased and can no longer be read or changed");
    }

    @ExceptionHandler
    ProblemDetail account(AccountException e) {
        return problem(HttpStatus.BAD_REQUEST, "Refused", e.getMessage());
    }

    /** Invariant 3: an act that cannot be audited does not happen; the client may retry. */
    @ExceptionHandler
    org.springframework.http.ResponseEntity<ProblemDetail> auditUnavailable(io.custodia.audit.AuditUnavailableException e) {
        log.error("Refused an act the audit ledger could not record", e);
        return org.springframework.http.ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Audit unavailable", e.getMessage()));
    }

    /** The purpose's legal basis does not hold for this person now: say why, with the day it stopped holding. */
    @ExceptionHandler
    ProblemDetail basis(io.custodia.policy.BasisRefusedException e) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "No legal basis for this person", e.getMessage());
        problem.setProperty("reason", e.refusal().reason());
        problem.setProperty("purpose", e.refusal().purpose());
        if (e.refusal().since() != null) problem.setProperty("since", e.refusal().since().toString());
        return problem;
    }

    /** The SMTP server is missing or refused the message: nothing was recorded; the client may retry. */
    @ExceptionHandler
    org.springframework.http.ResponseEntity<ProblemDetail> mail(io.custodia.consent.MailUnavailableException e) {
        log.warn("An email of the privacy centre could not be sent: {}", e.getMessage());
        return org.springframework.http.ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "60")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Email unavailable", e.getMessage()));
    }

    @ExceptionHandler
    ProblemDetail denied(org.springframework.security.access.AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badArgument(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage());
    }

    @Override
    protected org.springframework.http.ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        if (e.getMostSpecificCause() instanceof SafeText.Refused refused) {
            // a text no field takes: said as every other refused field is, by its path and what is wrong, never the text
            String field = path(refused);
            String name = field.isEmpty() ? "a text" : field;
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid input", name + ": " + refused.unsafe().message());
            problem.setProperty("errors", List.of(new InvalidInputException.FieldError(name, refused.unsafe().code(), refused.unsafe().message(), 0)));
            return org.springframework.http.ResponseEntity.badRequest().body(problem);
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return org.springframework.http.ResponseEntity.badRequest()
                    .body(problem(HttpStatus.BAD_REQUEST, "Malformed body", "The request has no body; this address needs one (see the API's documentation)"));
        }
        return org.springframework.http.ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "Malformed body", "The body must be JSON of the documented shape; check its syntax and types"
                        + where(e.getMostSpecificCause())));
    }

    /**
     * Where the body went wrong: the field (by its path, names cut to 40 characters) when the parser knows it, else the
     * line and column; never the value found there.
     */
    static String where(@org.jspecify.annotations.Nullable Throwable cause) {
        if (!(cause instanceof tools.jackson.core.JacksonException jackson)) return "";
        // a member given twice (the parser refuses duplicates, see WebConfiguration): name it, cut as any field name
        java.util.regex.Matcher duplicate = DUPLICATE.matcher(String.valueOf(jackson.getOriginalMessage()));
        if (duplicate.find()) {
            String at = path(jackson);
            return ": '" + io.custodia.shared.Texts.fieldName(duplicate.group(1)) + "' is given twice" + (at.isEmpty() ? "" : " (in " + at + ")");
        }
        String path = path(jackson);
        if (!path.isEmpty()) return " (at " + path + ")";
        tools.jackson.core.TokenStreamLocation location = jackson.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return "";
    }

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("^Duplicate (?:Object )?(?:property|field) \"([^\"]{0,200})\"");

    /** The path of the field a parse failed at ({@code subject.en}, {@code emails[2]}), names cut to 40 characters; "" when unknown. */
    private static String path(tools.jackson.core.JacksonException jackson) {
        StringBuilder path = new StringBuilder();
        for (tools.jackson.core.JacksonException.Reference ref : jackson.getPath()) {
            String name = ref.getPropertyName();
            if (name != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(io.custodia.shared.Texts.fieldName(name));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A body of a type the address does not take: say which it takes. */
    @Override
    protected org.springframework.http.ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            org.springframework.web.HttpMediaTypeNotSupportedException e, org.springframework.http.HttpHeaders headers,
            org.springframework.http.HttpStatusCode status, org.springframework.web.context.request.WebRequest request) {
        List<String> supported = e.getSupportedMediaTypes().stream().map(org.springframework.http.MediaType::toString).distinct().toList();
        return org.springframework.http.ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers)
                .body(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", "The body's Content-Type is not one this address takes;"
                        + " send " + (supported.isEmpty() ? "application/json" : String.join(" or ", supported))));
    }

    /** A parameter of the wrong form: named, with the form it must take, never with the value sent (it may be personal). */
    @Override
    protected org.springframework.http.ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException e,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        String name = e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m ? m.getName()
                : e.getPropertyName() == null ? "a parameter" : e.getPropertyName();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid parameter", "'" + name + "' must be " + expected(e.getRequiredType()));
        problem.setProperty("parameter", name);
        return org.springframework.http.ResponseEntity.badRequest().body(problem);
    }

    /** The form a value of this type takes, in words. */
    static String expected(@org.jspecify.annotations.Nullable Class<?> type) {
        if (type == null) return "of another form";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type)) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == java.util.UUID.class) return "an id (a UUID such as 0192f0c4-7b1e-7c3a-9d2e-5f4a3b2c1d0e)";
        if (type == java.time.LocalDate.class) return "a date such as 2026-12-31";
        if (type == java.time.Instant.class) return "a time such as 2026-11-29T14:30:00Z";
        if (type.isEnum()) return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        return "of another form";
    }

    /** Anything unforeseen: a generic answer (no internals, no values), the details in the server log only. */
    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        String correlation = io.custodia.shared.Correlation.current();
        String reference = correlation != null ? correlation : java.util.UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request could not be completed; nothing was changed. Quote reference " + reference + " to your administrator");
        problem.setProperty("reference", reference);
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}

package io.custodia.web;

import io.custodia.access.NoteRefusedException;
import io.custodia.access.SearchRefusedException;
import io.custodia.crypto.SubjectKeyMissingException;
import io.custodia.identity.AccountException;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.policy.FieldRefusedException;
import io.custodia.policy.PurposeRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps refusals to RFC 9457 problem details with a specific, actionable detail and no personal data. */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

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

    @ExceptionHandler
    ProblemDetail badArgument(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed body", "The body must be a JSON object; check its syntax and types");
    }

    @ExceptionHandler
    ProblemDetail mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", "Send JSON with Content-Type: application/json");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}

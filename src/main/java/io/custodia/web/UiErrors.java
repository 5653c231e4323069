package io.custodia.web;

import io.custodia.access.NoteRefusedException;
import io.custodia.access.SearchRefusedException;
import io.custodia.crypto.SubjectKeyMissingException;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.policy.FieldRefusedException;
import io.custodia.policy.PurposeRefusedException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Turns refusals met by the staff pages into pages with a friendly, specific message (never a stack trace).
 * Limited to the UI controllers and ordered first: {@link ApiProblems} keeps answering the API with problem
 * details, and its package selector (which also matches this package) never sees a page's exception first.
 */
@ControllerAdvice(assignableTypes = {HomePage.class, PurposeSwitch.class, PersonPages.class, PersonForms.class,
        OrganisationPages.class, DealPages.class, AuditPages.class, ConsentPages.class, AudiencePages.class,
        CampaignPages.class, RightsPages.class, PersonRequestPages.class, LegalHoldPages.class, HelpPage.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiErrors {

    private final LayoutModel layout;
    private final StaffContext context;
    private final FormErrors formErrors;

    UiErrors(LayoutModel layout, StaffContext context, FormErrors formErrors) {
        this.layout = layout;
        this.context = context;
        this.formErrors = formErrors;
    }

    @ExceptionHandler
    ModelAndView notFound(NotFoundException e, @Nullable Authentication auth, HttpServletRequest request) {
        return page("error/404", HttpStatus.NOT_FOUND, auth, request);
    }

    @ExceptionHandler
    ModelAndView erased(SubjectKeyMissingException e, @Nullable Authentication auth, HttpServletRequest request) {
        return page("error/410", HttpStatus.GONE, auth, request);
    }

    /** No purpose chosen or granted, or the chosen one does not allow the act: say so and offer the switcher. */
    @ExceptionHandler
    ModelAndView purpose(PurposeRefusedException e, @Nullable Authentication auth, HttpServletRequest request) {
        boolean none = context.purposes(auth).isEmpty();
        ModelAndView page = page("purpose-required", none ? HttpStatus.FORBIDDEN
                : e.reason() == PurposeRefusedException.Reason.MISSING ? HttpStatus.BAD_REQUEST : HttpStatus.FORBIDDEN, auth, request);
        page.addObject("noPurpose", none);
        page.addObject("reason", e.reason().name());
        return page;
    }

    /** The purpose's legal basis does not hold for this person now: say why and since when, in the staff member's language. */
    @ExceptionHandler
    ModelAndView basis(io.custodia.policy.BasisRefusedException e, @Nullable Authentication auth, HttpServletRequest request) {
        ModelAndView page = page("error/basis", HttpStatus.FORBIDDEN, auth, request);
        page.addObject("reason", e.refusal().reason());
        page.addObject("purposeId", e.refusal().purpose());
        page.addObject("since", e.refusal().since() == null ? null
                : java.time.LocalDate.ofInstant(e.refusal().since(), PersonViews.ZONE));
        page.addObject("subject", e.subject().value());
        return page;
    }

    @ExceptionHandler
    ModelAndView field(FieldRefusedException e, @Nullable Authentication auth, HttpServletRequest request) {
        ModelAndView page = refused(HttpStatus.FORBIDDEN, "error.field-refused", auth, request);
        page.addObject("fields", e.fields());
        return page;
    }

    @ExceptionHandler
    ModelAndView note(NoteRefusedException e, @Nullable Authentication auth, HttpServletRequest request) {
        return refused(HttpStatus.UNPROCESSABLE_CONTENT, "error.note-refused", auth, request);
    }

    @ExceptionHandler
    ModelAndView search(SearchRefusedException e, @Nullable Authentication auth, HttpServletRequest request) {
        return refused(HttpStatus.BAD_REQUEST, "error.search-refused", auth, request);
    }

    /** Input that reached no form (a page number, an organisation still in use): the service's message is specific. */
    @ExceptionHandler
    ModelAndView invalid(InvalidInputException e, @Nullable Authentication auth, HttpServletRequest request) {
        ModelAndView page = refused(HttpStatus.BAD_REQUEST, "error.invalid-input", auth, request);
        page.addObject("detail", formErrors.summary(e));
        return page;
    }

    /** The act could not be recorded in the audit ledger, so it was not done (invariant 3). */
    @ExceptionHandler
    ModelAndView auditUnavailable(io.custodia.audit.AuditUnavailableException e, @Nullable Authentication auth, HttpServletRequest request) {
        return refused(HttpStatus.SERVICE_UNAVAILABLE, "error.audit-unavailable", auth, request);
    }

    /**
     * A parameter of the address that is not of its type (a year that is not a number, a flag that is neither
     * true nor false): say which one and what it must be. A malformed id keeps the message about ids.
     */
    @ExceptionHandler
    ModelAndView badParameter(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e, @Nullable Authentication auth,
            HttpServletRequest request) {
        Class<?> type = e.getRequiredType();
        if (type == null || type == java.util.UUID.class) return refused(HttpStatus.BAD_REQUEST, "error.bad-address", auth, request);
        String key = Number.class.isAssignableFrom(type) || type == int.class || type == long.class ? "error.bad-parameter.number"
                : type == Boolean.class || type == boolean.class ? "error.bad-parameter.boolean" : "error.bad-parameter";
        ModelAndView page = refused(HttpStatus.BAD_REQUEST, key, auth, request);
        page.addObject("parameter", e.getName()); // the parameter's name, never the value typed
        return page;
    }

    /** A malformed id in the address. */
    @ExceptionHandler
    ModelAndView badArgument(IllegalArgumentException e, @Nullable Authentication auth, HttpServletRequest request) {
        return refused(HttpStatus.BAD_REQUEST, "error.bad-address", auth, request);
    }

    private ModelAndView page(String view, HttpStatus status, @Nullable Authentication auth, HttpServletRequest request) {
        // Exception handlers get a fresh model: the layout's attributes are added here, not by LayoutAdvice.
        ExtendedModelMap model = new ExtendedModelMap();
        layout.populate(model, auth, request);
        ModelAndView page = new ModelAndView(view, model);
        page.setStatus(status);
        return page;
    }

    /** The refusal page with its status and the message key that explains it. */
    private ModelAndView refused(HttpStatus status, String messageKey, @Nullable Authentication auth, HttpServletRequest request) {
        ModelAndView page = page("error/refused", status, auth, request);
        page.addObject("messageKey", messageKey);
        return page;
    }
}

package io.custodia.web;

import io.custodia.datamap.Purpose;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the layout needs on every page: the staff member's name, their purposes and the current one, and the
 * path of the page (for the language links and the purpose switcher's way back). Ids and paths only.
 */
@Component
class LayoutModel {

    static final String PURPOSES = "purposes";
    static final String CURRENT_PURPOSE = "currentPurpose";
    static final String STAFF_NAME = "staffName";
    static final String CURRENT_PATH = "currentPath";
    static final String STAFF_ADMIN = "staffAdmin";
    static final String STAFF_AUDITOR = "staffAuditor";
    static final String STAFF_DPO = "staffDpo";
    static final String PURPOSE_NAMES = "purposeNames";
    static final String RECIPIENT_NAMES = "recipientNames";

    private final StaffContext context;
    private final io.custodia.datamap.DataMap dataMap;
    /** Every purpose's and recipient's name in the register, by id, per language (two at most). */
    private final java.util.Map<String, java.util.Map<String, String>> purposeNames = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.Map<String, String>> recipientNames = new java.util.concurrent.ConcurrentHashMap<>();

    LayoutModel(StaffContext context, io.custodia.datamap.DataMap dataMap) {
        this.context = context;
        this.dataMap = dataMap;
    }

    void populate(Model model, @Nullable Authentication authentication, HttpServletRequest request) {
        model.addAttribute(CURRENT_PATH, currentPath(request));
        StaffContext.staff(authentication).ifPresent(staff -> {
            model.addAttribute(STAFF_NAME, staff.displayName());
            model.addAttribute(STAFF_ADMIN, staff.roles().contains(io.custodia.identity.Role.ADMIN));
            model.addAttribute(STAFF_AUDITOR, canAudit(staff.roles()));
            model.addAttribute(STAFF_DPO, staff.roles().contains(io.custodia.identity.Role.DPO));
            model.addAttribute(PURPOSES, context.purposes(authentication));
            Purpose current = context.current(authentication, request).orElse(null);
            model.addAttribute(CURRENT_PURPOSE, current);
            model.addAttribute(PURPOSE_NAMES, purposeNames(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            model.addAttribute(RECIPIENT_NAMES, recipientNames(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
        });
    }

    /** Every recipient of the register by id, named in this language (an id the register no longer holds stays as it is). */
    java.util.Map<String, String> recipientNames(java.util.Locale locale) {
        // keyed by the two languages Custodia ships, whatever the cookie says (no entry per odd value)
        return recipientNames.computeIfAbsent("fr".equals(locale.getLanguage()) ? "fr" : "en", language -> {
            java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
            dataMap.recipients().forEach((id, recipient) -> names.put(id, recipient.name().in(locale)));
            return java.util.Collections.unmodifiableMap(names);
        });
    }

    /**
     * Every purpose of the register by id, named in this language: the ledger and the holds name a purpose by its
     * id, pages show its name (an id the register no longer holds stays as it is).
     */
    java.util.Map<String, String> purposeNames(java.util.Locale locale) {
        return purposeNames.computeIfAbsent("fr".equals(locale.getLanguage()) ? "fr" : "en", language -> {
            java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
            dataMap.purposes().forEach((id, purpose) -> names.put(id, purpose.name().in(locale)));
            return java.util.Collections.unmodifiableMap(names);
        });
    }

    /** The DPO and auditors see the audit ledger (GDPR Art. 38-39). */
    static boolean canAudit(java.util.Set<io.custodia.identity.Role> roles) {
        return roles.contains(io.custodia.identity.Role.DPO) || roles.contains(io.custodia.identity.Role.AUDITOR);
    }

    /**
     * The page to come back to after switching purpose or language: the path (and query, which holds only page
     * numbers and flags) of a GET; home for a POST (its result cannot be fetched again) and for error pages.
     */
    static String currentPath(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) != null) {
            return "/";
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        if (query != null) {
            // The language parameter is set by the links themselves.
            query = java.util.Arrays.stream(query.split("&"))
                    .filter(p -> !p.startsWith(WebConfiguration.LANGUAGE_PARAMETER + "="))
                    .reduce((a, b) -> a + "&" + b).orElse(null);
        }
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    /** A local path to redirect to: starts with one slash, so never another site (no open redirect). */
    static String safeLocalPath(@Nullable String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("\\") || path.length() > 500
                || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return path;
    }
}

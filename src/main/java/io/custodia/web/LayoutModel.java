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
    /** Whether the staff member works organisations and deals (may create, change and delete them). */
    static final String STAFF_BUSINESS = "staffBusiness";
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
            model.addAttribute(STAFF_BUSINESS, worksBusiness(staff.roles()));
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

    /** Sales, support and administrators change organisations and deals; other roles only see them. */
    static boolean worksBusiness(java.util.Set<io.custodia.identity.Role> roles) {
        return roles.contains(io.custodia.identity.Role.SALES) || roles.contains(io.custodia.identity.Role.SUPPORT)
                || roles.contains(io.custodia.identity.Role.ADMIN);
    }

    /** The DPO and auditors see the audit ledger (GDPR Art. 38-39). */
    static boolean canAudit(java.util.Set<io.custodia.identity.Role> roles) {
        return roles.contains(io.custodia.identity.Role.DPO) || roles.contains(io.custodia.identity.Role.AUDITOR);
    }

    /**
     * The page to come back to after switching purpose or language: the path (and query, which holds only page
     * numbers and flags) of a GET; for a POST (its result cannot be fetched again) the page the form was on, from
     * the same-origin {@code Referer} the layout's referrer policy sends, else home; home for error pages.
     */
    static String currentPath(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) != null) return "/";
        if (!"GET".equals(request.getMethod())) {
            String back = sameOriginPath(request.getHeader("Referer"), request);
            return back == null ? "/" : withoutLanguage(back);
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        return withoutLanguage(query == null || query.isEmpty() ? path : path + "?" + query);
    }

    /** The path and query without the language parameter, which the links set themselves. */
    private static String withoutLanguage(String pathAndQuery) {
        int mark = pathAndQuery.indexOf('?');
        if (mark < 0) return pathAndQuery;
        String query = java.util.Arrays.stream(pathAndQuery.substring(mark + 1).split("&"))
                .filter(p -> !p.isEmpty() && !p.startsWith(WebConfiguration.LANGUAGE_PARAMETER + "="))
                .reduce((a, b) -> a + "&" + b).orElse("");
        return query.isEmpty() ? pathAndQuery.substring(0, mark) : pathAndQuery.substring(0, mark) + "?" + query;
    }

    /** The local path of a URL on this same host and port under this application, or null (another site, or no URL). */
    static @Nullable String sameOriginPath(@Nullable String url, HttpServletRequest request) {
        if (url == null || url.isBlank()) return null;
        try {
            java.net.URI uri = new java.net.URI(url.strip());
            if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase(request.getServerName())) return null;
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            if (port != request.getServerPort() || uri.getRawPath() == null || !uri.getRawPath().startsWith(request.getContextPath() + "/")) return null;
            String path = uri.getRawPath().substring(request.getContextPath().length());
            String local = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            String safe = safeLocalPath(local);
            return "/".equals(safe) && !"/".equals(local) ? null : safe;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
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

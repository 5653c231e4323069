package io.custodia.consent;

import io.custodia.identity.CurrentActor;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Global Privacy Control through the API (CCPA §7025): a call about a known person that carries
 * {@code Sec-GPC: 1} (an integrator relaying the person's browser signal, e.g. from a web shop) records
 * that person's opt-out of sale and sharing, once; a call without the signal changes nothing (it is not
 * an opt-in). The privacy centre does the same for its own pages.
 */
@Configuration
class GpcSignal implements WebMvcConfigurer, HandlerInterceptor {

    private final ConsentLedger ledger;
    private final PersonService persons;

    GpcSignal(ConsentLedger ledger, PersonService persons) {
        this.ledger = ledger;
        this.persons = persons;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/persons/{id}", "/api/v1/persons/{id}/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String signal = request.getHeader(PrivacyCentre.GPC_HEADER);
        if (signal == null || !signal.trim().equals("1")) return true;
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (variables == null || auth == null || !auth.isAuthenticated()) return true;
        SubjectId subject;
        try {
            subject = new SubjectId(UUID.fromString(variables.getOrDefault("id", "")));
        } catch (IllegalArgumentException notAnId) {
            return true;
        }
        if (!persons.exists(subject) || ledger.optedOutOfSaleSince(subject) != null) return true;
        ledger.record(CurrentActor.of(auth), new Choice(subject, ChoiceKind.OPTED_OUT_OF_SALE, null, null, ChoiceSource.GPC,
                null, null, null, request.getHeader("User-Agent"), null));
        return true;
    }
}

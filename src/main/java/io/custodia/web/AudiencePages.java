package io.custodia.web;

import io.custodia.identity.CurrentActor;
import io.custodia.outreach.AudienceFilter;
import io.custodia.outreach.Audiences;
import io.custodia.people.DealStage;
import io.custodia.people.InvalidInputException;
import io.custodia.people.Jurisdiction;
import io.custodia.people.OrganisationService;
import io.custodia.policy.PurposeRefusedException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Audiences for staff: choose filters under the purpose in the header, see how many persons match, how
 * many the law leaves, and how many it removes for each reason. Counts only: no one is listed.
 */
@Controller
class AudiencePages {

    private final Audiences audiences;
    private final OrganisationService organisations;
    private final StaffContext context;

    AudiencePages(Audiences audiences, OrganisationService organisations, StaffContext context) {
        this.audiences = audiences;
        this.organisations = organisations;
        this.context = context;
    }

    @GetMapping("/audiences")
    String form(Model model) {
        model.addAttribute("stages", DealStage.values());
        model.addAttribute("jurisdictions", Jurisdiction.values());
        model.addAttribute("organisations", organisations.list(0, 200, ""));
        model.addAttribute("chosen", Chosen.NONE);
        return "audiences/preview";
    }

    /** What the staff member chose, to show the form again as it was (and to write a campaign to it). */
    record Chosen(Set<DealStage> stages, @Nullable UUID organisation, String after, String before, String languages,
            Set<Jurisdiction> jurisdictions, String tags) {
        static final Chosen NONE = new Chosen(Set.of(), null, "", "", "", Set.of(), "");
    }

    @PostMapping("/audiences")
    String preview(AudienceForm audience, Authentication auth, HttpServletRequest request, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        model.addAttribute("stages", DealStage.values());
        model.addAttribute("jurisdictions", Jurisdiction.values());
        model.addAttribute("organisations", organisations.list(0, 200, ""));
        String purpose = context.current(auth, request).map(p -> p.id()).orElseThrow(() -> new PurposeRefusedException(
                PurposeRefusedException.Reason.MISSING, "Choose a purpose", List.of()));
        Map<String, String> errors = new LinkedHashMap<>();
        AudienceFilter filter = audience.read(purpose, errors);
        model.addAttribute("chosen", audience.chosen());
        if (filter == null) {
            response.setStatus(jakarta.servlet.http.HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", errors);
            return "audiences/preview";
        }
        try {
            model.addAttribute("counts", audiences.preview(CurrentActor.of(auth), filter));
        } catch (InvalidInputException invalid) {
            invalid.errors().forEach(e -> errors.put(e.field(), "audiences.error." + e.code()));
            response.setStatus(jakarta.servlet.http.HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", errors);
        }
        return "audiences/preview";
    }
}

package io.custodia.web;

import io.custodia.identity.CurrentActor;
import io.custodia.outreach.AudienceCounts;
import io.custodia.outreach.AudienceFilter;
import io.custodia.outreach.Audiences;
import io.custodia.people.DealStage;
import io.custodia.people.OrganisationService;
import io.custodia.policy.PurposeRefusedException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

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
        model.addAttribute("organisations", organisations.list(0, 200, ""));
        model.addAttribute("chosen", new Chosen(Set.of(), null, "", ""));
        return "audiences/preview";
    }

    /** What the staff member chose, to show the form again as it was. */
    record Chosen(Set<DealStage> stages, @Nullable UUID organisation, String after, String before) {
    }

    @PostMapping("/audiences")
    String preview(@RequestParam(required = false) @Nullable List<String> stage, @RequestParam(defaultValue = "") String organisation,
            @RequestParam(defaultValue = "") String after, @RequestParam(defaultValue = "") String before, Authentication auth,
            HttpServletRequest request, Model model) {
        model.addAttribute("stages", DealStage.values());
        model.addAttribute("organisations", organisations.list(0, 200, ""));
        Set<DealStage> stages = EnumSet.noneOf(DealStage.class);
        UUID org;
        LocalDate from;
        LocalDate to;
        try {
            if (stage != null) stage.forEach(s -> stages.add(DealStage.valueOf(s)));
            org = organisation.isBlank() ? null : UUID.fromString(organisation);
            from = after.isBlank() ? null : LocalDate.parse(after);
            to = before.isBlank() ? null : LocalDate.parse(before);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // a form no browser of ours sends: shown again, unchanged, with the message
            model.addAttribute("chosen", new Chosen(stages, null, after, before));
            model.addAttribute("dateError", true);
            return "audiences/preview";
        }
        model.addAttribute("chosen", new Chosen(stages, org, after, before));
        String purpose = context.current(auth, request).map(p -> p.id()).orElseThrow(() -> new PurposeRefusedException(
                PurposeRefusedException.Reason.MISSING, "Choose a purpose", List.of()));
        AudienceCounts counts = audiences.preview(CurrentActor.of(auth), new AudienceFilter(purpose, stages, org,
                from == null ? null : from.atStartOfDay(PersonViews.ZONE).toInstant(), to == null ? null : to.atStartOfDay(PersonViews.ZONE).toInstant()));
        model.addAttribute("counts", counts);
        return "audiences/preview";
    }
}

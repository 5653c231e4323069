package io.custodia.web;

import io.custodia.identity.CurrentActor;
import io.custodia.people.InvalidInputException;
import io.custodia.retention.LegalHold;
import io.custodia.retention.LegalHolds;
import io.custodia.shared.SubjectId;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The DPO places and releases legal holds from a person's page (GDPR Art. 17(3)(b)): a legal obligation that
 * requires part of the record to be kept until a day, whatever erasure is asked meanwhile. A refused form
 * comes back as a message in the holds' card.
 */
@Controller
class LegalHoldPages {

    private final LegalHolds holds;
    private final FormErrors formErrors;

    LegalHoldPages(LegalHolds holds, FormErrors formErrors) {
        this.holds = holds;
        this.formErrors = formErrors;
    }

    @PostMapping("/persons/{id}/legal-holds")
    String place(@PathVariable UUID id, @RequestParam(defaultValue = "") String purpose, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String until, Authentication auth, RedirectAttributes redirect) {
        try {
            LocalDate day;
            try {
                day = until.isBlank() ? null : LocalDate.parse(until.strip());
            } catch (DateTimeParseException e) {
                throw InvalidInputException.of("until", "invalid", "a day as YYYY-MM-DD");
            }
            holds.place(CurrentActor.of(auth), new SubjectId(id), purpose, reason, day);
            redirect.addFlashAttribute("holdNotice", "holds.saved.placed");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("holdError", formErrors.summary(e));
            // the form as typed comes back with its message, but for a reason refused for holding someone's data
            boolean reasonRefused = e.errors().stream().anyMatch(f -> f.field().equals("reason") && !f.code().equals("required")
                    && !f.code().equals("length"));
            redirect.addFlashAttribute("holdForm", java.util.Map.of("purpose", purpose, "reason", reasonRefused ? "" : reason, "until", until));
        }
        return back(id);
    }

    @PostMapping("/persons/{id}/legal-holds/{hold}/release")
    String release(@PathVariable UUID id, @PathVariable UUID hold, @RequestParam(defaultValue = "") String reason, Authentication auth,
            RedirectAttributes redirect) {
        LegalHold found = holds.get(hold);
        if (!found.subject().value().equals(id)) throw new io.custodia.people.NotFoundException("legal hold", hold);
        try {
            holds.release(CurrentActor.of(auth), hold, reason);
            redirect.addFlashAttribute("holdNotice", "holds.saved.released");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("holdError", formErrors.summary(e));
            redirect.addFlashAttribute("holdErrorTitle", "holds.error.release");
        }
        return back(id);
    }

    private static String back(UUID id) {
        return "redirect:/persons/" + id + "#legal-holds";
    }
}

package io.custodia.web;

import io.custodia.consent.Channel;
import io.custodia.consent.Choice;
import io.custodia.consent.ChoiceKind;
import io.custodia.consent.ChoiceSource;
import io.custodia.consent.ConsentLedger;
import io.custodia.identity.CurrentActor;
import io.custodia.people.InvalidInputException;
import io.custodia.shared.SubjectId;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The privacy choices staff record from a person's page: a consent given or withdrawn on the phone or in
 * person, an objection, and for the DPO a restriction or the lifting of one. Each goes to the consent
 * ledger and holds from the next read on; a refused choice comes back as a message on the person's page.
 */
@Controller
class ConsentPages {

    private final ConsentLedger ledger;
    private final io.custodia.consent.DoubleOptIn doubleOptIn;

    private final FormErrors formErrors;

    ConsentPages(ConsentLedger ledger, io.custodia.consent.DoubleOptIn doubleOptIn, FormErrors formErrors) {
        this.formErrors = formErrors;
        this.ledger = ledger;
        this.doubleOptIn = doubleOptIn;
    }

    /** Double opt-in: emails the person a link to confirm their consent; it counts once they confirm. */
    @PostMapping("/persons/{id}/consents/request")
    String requestConsent(@PathVariable UUID id, @RequestParam(defaultValue = "") String purpose, Authentication auth,
            RedirectAttributes redirect) {
        return mail(id, redirect, "choices.saved.requested", () -> doubleOptIn.request(CurrentActor.of(auth), new SubjectId(id), purpose, null,
                ChoiceSource.STAFF_PHONE, null, null, null));
    }

    /** Emails the person the link to their preference centre. */
    @PostMapping("/persons/{id}/preference-link")
    String preferenceLink(@PathVariable UUID id, Authentication auth, RedirectAttributes redirect) {
        return mail(id, redirect, "choices.saved.link-sent", () -> doubleOptIn.emailPreferenceLink(CurrentActor.of(auth), new SubjectId(id)));
    }

    private String mail(UUID id, RedirectAttributes redirect, String notice, Runnable send) {
        try {
            send.run();
            redirect.addFlashAttribute("notice", notice);
        } catch (io.custodia.consent.MailUnavailableException e) {
            redirect.addFlashAttribute("choiceError", "choices.error.mail");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("choiceError", "choices.error.input");
            redirect.addFlashAttribute("choiceDetail", formErrors.summary(e));
        } catch (AccessDeniedException | io.custodia.policy.PurposeRefusedException e) {
            redirect.addFlashAttribute("choiceError", "choices.error.denied");
        }
        return back(id);
    }

    @PostMapping("/persons/{id}/consents")
    String consent(@PathVariable UUID id, @RequestParam(defaultValue = "") String purpose, @RequestParam(defaultValue = "") String channel,
            @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "STAFF_PHONE") String source, Authentication auth,
            RedirectAttributes redirect) {
        ChoiceKind kind = ChoiceKind.parse(status).filter(ChoiceKind::changesConsent).orElse(null);
        Channel on = Channel.parse(channel).orElse(null);
        ChoiceSource from = ChoiceSource.parse(source).filter(s -> s == ChoiceSource.STAFF_PHONE || s == ChoiceSource.STAFF_IN_PERSON).orElse(null);
        if (kind == null || on == null || from == null) {
            redirect.addFlashAttribute("choiceError", "choices.error.input");
            return back(id);
        }
        return record(id, new Choice(new SubjectId(id), kind, purpose, on, from, null, null, null, null, null), auth, redirect,
                kind.givesConsent() ? "choices.saved.given" : "choices.saved.consent");
    }

    @PostMapping("/persons/{id}/objections")
    String object(@PathVariable UUID id, @RequestParam(defaultValue = "") String purpose, Authentication auth, RedirectAttributes redirect) {
        return record(id, Choice.of(new SubjectId(id), ChoiceKind.OBJECTED, purpose, null, ChoiceSource.STAFF_PHONE), auth, redirect,
                "choices.saved.objected");
    }

    @PostMapping("/persons/{id}/objections/lift")
    String liftObjection(@PathVariable UUID id, @RequestParam(defaultValue = "") String purpose, Authentication auth,
            RedirectAttributes redirect) {
        return record(id, Choice.of(new SubjectId(id), ChoiceKind.OBJECTION_LIFTED, purpose, null, ChoiceSource.STAFF_PHONE), auth, redirect,
                "choices.saved.objection-lifted");
    }

    @PostMapping("/persons/{id}/restriction")
    String restrict(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean lift, Authentication auth, RedirectAttributes redirect) {
        ChoiceKind kind = lift ? ChoiceKind.RESTRICTION_LIFTED : ChoiceKind.RESTRICTED;
        return record(id, Choice.of(new SubjectId(id), kind, null, null, ChoiceSource.STAFF_PHONE), auth, redirect,
                lift ? "choices.saved.restriction-lifted" : "choices.saved.restricted");
    }

    /**
     * A Californian's request taken on the phone or by letter: opt-out of sale and sharing (CCPA §7026) or
     * limit the use of sensitive personal information (§7027). No verification; open to every role.
     */
    @PostMapping("/persons/{id}/california")
    String california(@PathVariable UUID id, @RequestParam(defaultValue = "") String choice, Authentication auth, RedirectAttributes redirect) {
        ChoiceKind kind = switch (choice) {
            case "sale" -> ChoiceKind.OPTED_OUT_OF_SALE;
            case "sensitive" -> ChoiceKind.LIMITED_SENSITIVE;
            default -> null;
        };
        if (kind == null) {
            redirect.addFlashAttribute("choiceError", "choices.error.input");
            return back(id);
        }
        return record(id, Choice.of(new SubjectId(id), kind, null, null, ChoiceSource.STAFF_PHONE), auth, redirect,
                kind == ChoiceKind.OPTED_OUT_OF_SALE ? "choices.saved.sale" : "choices.saved.sensitive");
    }

    private String record(UUID id, Choice choice, Authentication auth, RedirectAttributes redirect, String notice) {
        try {
            ledger.record(CurrentActor.of(auth), choice);
            redirect.addFlashAttribute("notice", notice);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("choiceError", "choices.error.input");
            redirect.addFlashAttribute("choiceDetail", formErrors.summary(e));
        } catch (AccessDeniedException e) {
            redirect.addFlashAttribute("choiceError", "choices.error.denied");
        }
        return back(id);
    }

    private static String back(UUID id) {
        return "redirect:/persons/" + id + "#choices";
    }
}

package io.custodia.web;

import io.custodia.consent.MailUnavailableException;
import io.custodia.identity.CurrentActor;
import io.custodia.people.InvalidInputException;
import io.custodia.rights.RequestChannel;
import io.custodia.rights.RequestType;
import io.custodia.rights.RightsRequests;
import io.custodia.shared.SubjectId;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The DPO records, from a person's page, a request the person made by phone, letter, in person or email
 * (or an authorised agent's letter, with its proof of permission): it opens at once on its legal clock, the
 * person is emailed, and the DPO lands on the request's page. A refused form comes back as a message in the
 * requests' card.
 */
@Controller
class PersonRequestPages {

    private final RightsRequests requests;
    private final FormErrors formErrors;

    PersonRequestPages(RightsRequests requests, FormErrors formErrors) {
        this.requests = requests;
        this.formErrors = formErrors;
    }

    @PostMapping("/persons/{id}/rights-requests")
    String enter(@PathVariable UUID id, @RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String channel,
            @RequestParam(defaultValue = "") String proposal, @RequestParam(defaultValue = "false") boolean byAgent,
            @RequestParam(defaultValue = "false") boolean categoriesOnly,
            @RequestParam(defaultValue = "") String agentName, @RequestParam(defaultValue = "") String agentEmail,
            @RequestParam(required = false) @Nullable MultipartFile permission, Authentication auth, RedirectAttributes redirect) throws IOException {
        try {
            RequestType asked = RequestType.parse(type).orElseThrow(() -> InvalidInputException.of("type", "required", "choose what the person asks"));
            RequestChannel through = RequestChannel.parse(channel).filter(RequestChannel::byStaff)
                    .orElseThrow(() -> InvalidInputException.of("channel", "required", "choose how the request came"));
            RightsRequests.Agent agent = byAgent ? RightsRequests.Agent.of(agentName, agentEmail, permission) : null;
            UUID request = requests.enter(CurrentActor.of(auth), asked, new SubjectId(id), through, null,
                    asked == RequestType.RECTIFICATION ? proposal : null, agent, categoriesOnly);
            // recorded either way; when the person could not be emailed, staff are told to tell them another way
            redirect.addFlashAttribute("notice", requests.mailFailed(request) ? "person.requests.entered-unmailed" : "person.requests.entered");
            return "redirect:/rights/" + request;
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("requestError", formErrors.summary(e));
            // the form comes back as typed (the proof file must be chosen again), but for a correction refused for what it holds
            boolean proposalRefused = e.errors().stream().anyMatch(f -> f.field().equals("proposal"));
            redirect.addFlashAttribute("requestForm", java.util.Map.of("type", type, "channel", channel, "proposal", proposalRefused ? "" : proposal,
                    "byAgent", String.valueOf(byAgent), "agentName", agentName, "agentEmail", agentEmail));
        } catch (MailUnavailableException e) {
            redirect.addFlashAttribute("requestError", "no email could be sent: nothing was recorded");
        }
        return "redirect:/persons/" + id + "#person-requests";
    }
}

package io.custodia.web;

import io.custodia.identity.CurrentActor;
import io.custodia.outreach.AudienceFilter;
import io.custodia.outreach.Audiences;
import io.custodia.outreach.Campaigns;
import io.custodia.people.InvalidInputException;
import io.custodia.people.OrganisationService;
import io.custodia.policy.PurposeRefusedException;
import io.custodia.shared.Ids;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Email campaigns for staff: written from an audience on the audiences page (its filters carried along),
 * read back in both languages, sent with one button, then followed message by message: sent, skipped
 * because the law removed the person since (and why), failed, uncertain. No one is named: counts only.
 */
@Controller
class CampaignPages {

    static final int LISTED = 100;
    private static final List<String> CONTENT = List.of("name", "subject.en", "subject.fr", "body.en", "body.fr");

    private final Campaigns campaigns;
    private final Audiences audiences;
    private final OrganisationService organisations;
    private final StaffContext context;
    private final FormErrors formErrors;
    private final AuditRows actors;
    private final io.custodia.datamap.DataMap dataMap;
    private final io.custodia.people.PersonService persons;

    CampaignPages(Campaigns campaigns, Audiences audiences, OrganisationService organisations, StaffContext context, FormErrors formErrors,
            AuditRows actors, io.custodia.datamap.DataMap dataMap, io.custodia.people.PersonService persons) {
        this.persons = persons;
        this.actors = actors;
        this.dataMap = dataMap;
        this.campaigns = campaigns;
        this.audiences = audiences;
        this.organisations = organisations;
        this.context = context;
        this.formErrors = formErrors;
    }

    @GetMapping("/campaigns")
    String list(Authentication auth, Model model) {
        model.addAttribute("campaigns", campaigns.list(CurrentActor.of(auth), LISTED));
        model.addAttribute("purposeNames", purposeNames());
        return "campaigns/list";
    }

    /** The form, reached from an audience: its filters ride along as hidden fields, its counts are shown again. */
    @PostMapping("/campaigns/new")
    String newCampaign(AudienceForm audience, Authentication auth, HttpServletRequest request, Model model) {
        AudienceFilter filter = filter(audience, auth, request);
        model.addAttribute("chosen", audience.chosen());
        model.addAttribute("form", Map.of());
        model.addAttribute(FormErrors.ATTRIBUTE, Map.of());
        return form(filter, auth, model);
    }

    @PostMapping("/campaigns")
    String create(AudienceForm audience, @RequestParam Map<String, String> params, Authentication auth, HttpServletRequest request, Model model,
            RedirectAttributes redirect, jakarta.servlet.http.HttpServletResponse response) {
        AudienceFilter filter = filter(audience, auth, request);
        Map<String, String> form = new LinkedHashMap<>();
        CONTENT.forEach(k -> form.put(k, params.getOrDefault(k, "")));
        try {
            UUID id = campaigns.create(CurrentActor.of(auth), filter, new Campaigns.Content(form.get("name"), form.get("subject.en"),
                    form.get("subject.fr"), form.get("body.en"), form.get("body.fr")));
            redirect.addFlashAttribute("notice", "campaigns.created");
            return "redirect:/campaigns/" + id;
        } catch (InvalidInputException e) {
            response.setStatus(org.springframework.http.HttpStatus.BAD_REQUEST.value());
            model.addAttribute("chosen", audience.chosen());
            model.addAttribute("form", FormErrors.maskRefused(form, e, persons::masked));
            model.addAttribute(FormErrors.ATTRIBUTE, formErrors.of(e, CONTENT));
            return form(filter, auth, model);
        }
    }

    private String form(AudienceFilter filter, Authentication auth, Model model) {
        model.addAttribute("counts", audiences.preview(CurrentActor.of(auth), filter));
        model.addAttribute("filter", filter);
        model.addAttribute("purposeNames", purposeNames());
        model.addAttribute("organisationName", filter.organisation() == null ? null
                : organisations.get(filter.organisation()).map(o -> o.name()).orElse(null));
        return "campaigns/new";
    }

    /** The filters carried from the audiences page; a form no browser of ours sends is refused as a whole. */
    private AudienceFilter filter(AudienceForm audience, Authentication auth, HttpServletRequest request) {
        String purpose = context.current(auth, request).map(p -> p.id()).orElseThrow(() -> new PurposeRefusedException(
                PurposeRefusedException.Reason.MISSING, "Choose a purpose", List.of()));
        Map<String, String> errors = new LinkedHashMap<>();
        AudienceFilter filter = audience.read(purpose, errors);
        if (filter == null) {
            throw new InvalidInputException(errors.keySet().stream()
                    .map(k -> new InvalidInputException.FieldError(k, "invalid", "the audience's filters could not be read", 0)).toList());
        }
        return filter;
    }

    @GetMapping("/campaigns/{id}")
    String show(@PathVariable String id, Authentication auth, Model model) {
        Campaigns.Summary campaign = campaigns.get(CurrentActor.of(auth), Ids.parse(id, "id"));
        model.addAttribute("campaign", campaign);
        model.addAttribute("purposeNames", purposeNames());
        model.addAttribute("author", actors.actorName(campaign.createdBy()));
        model.addAttribute("organisationName", campaign.filter().organisation() == null ? null
                : organisations.get(campaign.filter().organisation()).map(o -> o.name()).orElse(null));
        return "campaigns/detail";
    }

    /** Each purpose's name, for the pages to show names rather than ids. */
    private Map<String, io.custodia.datamap.LocalizedText> purposeNames() {
        Map<String, io.custodia.datamap.LocalizedText> names = new LinkedHashMap<>();
        dataMap.purposes().values().forEach(p -> names.put(p.id(), p.name()));
        return names;
    }

    @GetMapping("/campaigns/{id}/delete")
    String confirmDelete(@PathVariable String id, Authentication auth, Model model, RedirectAttributes redirect) {
        Campaigns.Summary campaign = campaigns.get(CurrentActor.of(auth), Ids.parse(id, "id"));
        if (campaign.status() != Campaigns.Status.DRAFT) {
            redirect.addFlashAttribute("notice", "campaigns.delete.sent");
            return "redirect:/campaigns/" + campaign.id();
        }
        model.addAttribute("campaign", campaign);
        model.addAttribute("act", "delete");
        return "campaigns/confirm";
    }

    @PostMapping("/campaigns/{id}/delete")
    String delete(@PathVariable String id, Authentication auth, RedirectAttributes redirect) {
        UUID campaign = Ids.parse(id, "id");
        try {
            campaigns.deleteDraft(CurrentActor.of(auth), campaign);
        } catch (io.custodia.people.ConflictException e) {
            redirect.addFlashAttribute("notice", "campaigns.delete.sent");
            return "redirect:/campaigns/" + campaign;
        }
        redirect.addFlashAttribute("notice", "campaigns.deleted");
        return "redirect:/campaigns";
    }

    /** Sending cannot be undone: the draft's "Send now" asks first, as its deletion does. */
    @GetMapping("/campaigns/{id}/send")
    String confirmSend(@PathVariable String id, Authentication auth, Model model, RedirectAttributes redirect) {
        Campaigns.Summary campaign = campaigns.get(CurrentActor.of(auth), Ids.parse(id, "id"));
        if (campaign.status() != Campaigns.Status.DRAFT) return "redirect:/campaigns/" + campaign.id();
        model.addAttribute("campaign", campaign);
        model.addAttribute("act", "send");
        return "campaigns/confirm";
    }

    @PostMapping("/campaigns/{id}/send")
    String send(@PathVariable String id, Authentication auth, RedirectAttributes redirect) {
        UUID campaign = Ids.parse(id, "id");
        long queued = campaigns.send(CurrentActor.of(auth), campaign);
        redirect.addFlashAttribute("queued", queued);
        return "redirect:/campaigns/" + campaign;
    }
}

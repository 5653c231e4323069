package io.custodia.rights;

import io.custodia.consent.MailUnavailableException;
import io.custodia.people.InvalidInputException;
import io.custodia.people.Jurisdiction;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;

/**
 * The privacy centre's request forms ({@code /privacy/requests}): one form for every right, FR/EN, no
 * account. The page answers the same whether or not the address is known; the email tells its owner the
 * rest. At most {@link #PER_ADDRESS} requests per address in {@link #WINDOW}, so no one's mailbox is
 * flooded through it (the extra ones get the same answer and no email, and are not recorded).
 */
@Controller
class PrivacyRequests {

    static final int PER_ADDRESS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final RightsRequests requests;
    private final Clock clock;
    private final io.custodia.access.PersonalDataGateway gateway;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    PrivacyRequests(RightsRequests requests, Clock clock, io.custodia.access.PersonalDataGateway gateway) {
        this.requests = requests;
        this.clock = clock;
        this.gateway = gateway;
    }

    @GetMapping("/privacy/requests")
    String form(@RequestParam(required = false) @Nullable String type, Model model) {
        model.addAttribute("types", RequestType.values());
        model.addAttribute("chosen", type == null ? "" : RequestType.parse(type).map(Enum::name).orElse(""));
        model.addAttribute("jurisdiction", "");
        model.addAttribute("byAgent", false);
        model.addAttribute("categoriesOnly", false);
        model.addAttribute("agentErrors", java.util.Set.of());
        return "privacy/requests";
    }

    @PostMapping("/privacy/requests")
    String submit(@RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String jurisdiction, @RequestParam(defaultValue = "") String proposal,
            @RequestParam(defaultValue = "false") boolean byAgent, @RequestParam(defaultValue = "false") boolean categoriesOnly,
            @RequestParam(defaultValue = "") String agentName,
            @RequestParam(defaultValue = "") String agentEmail, @RequestParam(required = false) @Nullable MultipartFile permission,
            HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response, Model model) throws java.io.IOException {
        RequestType chosen = RequestType.parse(type).orElse(null);
        Jurisdiction law = Arrays.stream(Jurisdiction.values()).filter(j -> j.name().equals(jurisdiction)).findFirst().orElse(null);
        String address = email.strip();
        boolean addressOk = gateway.emailDigest(address).isPresent() && address.length() <= 254
                && address.matches(RightsRequests.EMAIL);
        RightsRequests.Agent agent = null;
        java.util.Set<String> agentErrors = java.util.Set.of();
        if (byAgent) {
            try {
                agent = RightsRequests.Agent.of(agentName, agentEmail, permission);
            } catch (InvalidInputException e) {
                agentErrors = new java.util.TreeSet<>(e.errors().stream().map(InvalidInputException.FieldError::field).toList());
            }
        }
        // a correction is the person's own words, bounded, with no control character, direction override or card number
        // a correction asked on the form says what to correct: the DPO has no one to ask (staff taking a call may note it elsewhere)
        String proposalError = chosen != RequestType.RECTIFICATION ? null
                : proposal == null || proposal.isBlank() ? "required" : requests.proposalProblem(proposal).orElse(null);
        if (chosen == null || law == null || !addressOk || !agentErrors.isEmpty() || proposalError != null) {
            // typed again only when it is fine to show: never a card number
            model.addAttribute("proposal", "card-number".equals(proposalError) ? "" : proposal.strip());
            model.addAttribute("proposalError", proposalError);
            response.setStatus(jakarta.servlet.http.HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("types", RequestType.values());
            model.addAttribute("chosen", chosen == null ? "" : chosen.name());
            model.addAttribute("jurisdiction", law == null ? "" : law.name());
            model.addAttribute("email", address);
            model.addAttribute("typeError", chosen == null);
            model.addAttribute("jurisdictionError", law == null);
            model.addAttribute("emailError", !addressOk);
            model.addAttribute("byAgent", byAgent);
            model.addAttribute("categoriesOnly", categoriesOnly);
            model.addAttribute("agentName", agentName.strip());
            model.addAttribute("agentEmail", agentEmail.strip());
            model.addAttribute("agentErrors", agentErrors);
            return "privacy/requests";
        }
        // the language of the form the person filled in (chosen on the page, else their browser's), for every email that follows
        Locale locale = org.springframework.web.servlet.support.RequestContextUtils.getLocale(request);
        String language = "fr".equals(locale.getLanguage()) ? "fr" : "en";
        // the agent's mailbox is written to as well: it counts against the same limit
        boolean agentAllowed = agent == null || allowed(gateway.emailDigest(agent.email()).orElseThrow());
        if (agentAllowed && allowed(gateway.emailDigest(address).orElseThrow())) {
            // the box speaks to Californians asking to know; ticked with another request or law, it does not apply
            requests.submit(chosen, address, law, language, proposal, agent,
                    categoriesOnly && chosen == RequestType.ACCESS && law == Jurisdiction.US_CA);
        }
        model.addAttribute("type", chosen);
        return "privacy/request-sent";
    }

    /** Whether this address (its keyed digest) may file one more request now. */
    private boolean allowed(String digest) {
        Instant now = clock.instant();
        Deque<Instant> times = recent.computeIfAbsent(digest, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(WINDOW))) times.pollFirst();
            if (times.size() >= PER_ADDRESS) return false;
            times.addLast(now);
        }
        if (recent.size() > 10_000) recent.entrySet().removeIf(e -> e.getValue().isEmpty());
        return true;
    }

    /**
     * Opening the emailed link changes nothing (mail scanners open links): it asks the person to confirm, with the
     * details and declaration their request's verification asks for.
     */
    @GetMapping("/privacy/requests/verify")
    String confirm(@RequestParam(name = "t", required = false) @Nullable String token, Model model) {
        RightsRequest request = requests.opened(token);
        model.addAttribute("token", token);
        model.addAttribute("request", request);
        model.addAttribute("needed", request.verification() == null ? Verification.EMAIL : request.verification());
        if (request.status() == RequestStatus.AWAITING_VERIFICATION) return "privacy/request-confirm";
        return requests.refusedUnverified(request) ? "privacy/request-refused" : "privacy/request-confirmed";
    }

    @PostMapping("/privacy/requests/verify")
    String verify(@RequestParam(name = "t", required = false) @Nullable String token, @RequestParam(defaultValue = "") String lastName,
            @RequestParam(defaultValue = "") String phone, @RequestParam(defaultValue = "") String postalCode,
            @RequestParam(defaultValue = "") String city, @RequestParam(defaultValue = "false") boolean declare,
            @RequestParam(defaultValue = "") String signature, Model model) {
        RightsRequests.Confirmation confirmation = requests.confirm(token, new DataPoints(lastName, phone, postalCode, city), declare, signature);
        model.addAttribute("request", confirmation.request());
        if (confirmation.problem() == null) return "privacy/request-confirmed";
        if (confirmation.problem().equals("refused")) return "privacy/request-refused";
        model.addAttribute("token", token);
        model.addAttribute("needed", confirmation.request().verification());
        model.addAttribute("problem", confirmation.problem());
        model.addAttribute("attemptsLeft", confirmation.attemptsLeft());
        return "privacy/request-confirm";
    }

    /** The emailed link to a person's package: a page saying what it holds, with the download. */
    @GetMapping("/privacy/requests/package")
    String packagePage(@RequestParam(name = "t", required = false) @Nullable String token, Model model) {
        AccessPackages.Stored stored = requests.packageOf(token);
        model.addAttribute("token", token);
        model.addAttribute("expires", java.time.LocalDate.ofInstant(stored.expires(), java.time.ZoneOffset.UTC));
        return "privacy/data-package";
    }

    @GetMapping("/privacy/requests/package/download")
    org.springframework.http.ResponseEntity<byte[]> download(@RequestParam(name = "t", required = false) @Nullable String token) {
        byte[] zip = requests.download(token);
        return org.springframework.http.ResponseEntity.ok()
                .header("Content-Type", "application/zip")
                .header("Content-Disposition", "attachment; filename=\"my-data.zip\"")
                .header("Cache-Control", "no-store")
                .body(zip);
    }

    @ExceptionHandler
    ModelAndView linkRefused(RightsRequests.LinkRefused e) {
        return refusal("expired".equals(e.getMessage()) ? "EXPIRED" : "INVALID", "expired".equals(e.getMessage()) ? HttpStatus.GONE
                : HttpStatus.BAD_REQUEST);
    }

    @ExceptionHandler
    ModelAndView mail(MailUnavailableException e) {
        return refusal("MAIL", HttpStatus.SERVICE_UNAVAILABLE);
    }

    @ExceptionHandler
    ModelAndView refused(InvalidInputException e) {
        return refusal("INPUT", HttpStatus.BAD_REQUEST);
    }

    private static ModelAndView refusal(String reason, HttpStatus status) {
        return io.custodia.consent.PrivacyRefusals.page(reason, status);
    }
}

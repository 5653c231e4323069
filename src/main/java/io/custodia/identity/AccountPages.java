package io.custodia.identity;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
 * The staff member's own account (API tokens) and, for administrators, the staff accounts: create
 * with roles and a one-time password, change roles, disable, reset the second factor.
 */
@Controller
class AccountPages {

    private static final List<Integer> TOKEN_DAYS = List.of(30, 90, 365, 0);
    private final AccountService accounts;

    AccountPages(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/account")
    String account(Authentication authentication, Model model) {
        StaffPrincipal me = CurrentActor.staff(authentication);
        model.addAttribute("me", accounts.find(me.id()).orElseThrow());
        model.addAttribute("tokens", accounts.tokensOf(me.id()));
        model.addAttribute("tokenDays", TOKEN_DAYS);
        model.addAttribute("now", java.time.Instant.now());
        return "identity/account";
    }

    @PostMapping("/account/tokens")
    String issueToken(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "90") int days,
            Authentication authentication, RedirectAttributes redirect) {
        StaffPrincipal me = CurrentActor.staff(authentication);
        if (!TOKEN_DAYS.contains(days)) {
            redirect.addFlashAttribute("tokenError", "token.validity.invalid");
            return "redirect:/account";
        }
        try {
            IssuedToken token = accounts.issueToken(me.id(), name, days == 0 ? null : Duration.ofDays(days));
            // shown once, on the next page only (flash attribute), never stored in clear
            redirect.addFlashAttribute("issuedToken", token);
        } catch (AccountException e) {
            redirect.addFlashAttribute("tokenError", e.messageKeys().get(0));
        }
        return "redirect:/account";
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revokeToken(@PathVariable UUID id, Authentication authentication, RedirectAttributes redirect) {
        boolean revoked = accounts.revokeToken(CurrentActor.staff(authentication).id(), id);
        redirect.addFlashAttribute("notice", revoked ? "token.revoked" : "token.revoke.unknown");
        return "redirect:/account";
    }

    /** Any staff member may add a second factor (only ADMIN and DPO must); the secret is stored once a code proves it. */
    @GetMapping("/account/totp")
    String totpForm(Authentication authentication, jakarta.servlet.http.HttpSession session, Model model) {
        StaffPrincipal me = CurrentActor.staff(authentication);
        if (accounts.find(me.id()).orElseThrow().totpEnrolled()) {
            return "redirect:/account";
        }
        io.custodia.identity.totp.TotpSecret secret = (io.custodia.identity.totp.TotpSecret) session.getAttribute(PENDING_SECRET);
        if (secret == null) {
            secret = accounts.newTotpSecret();
            session.setAttribute(PENDING_SECRET, secret);
        }
        model.addAttribute("enrol", true);
        model.addAttribute("secret", secret.base32());
        model.addAttribute("uri", secret.otpauthUri("Custodia", me.username()));
        model.addAttribute("totpAction", "/account/totp");
        return "identity/totp";
    }

    @PostMapping("/account/totp")
    String enableTotp(@RequestParam(defaultValue = "") String code, Authentication authentication,
            jakarta.servlet.http.HttpSession session, Model model, RedirectAttributes redirect,
            jakarta.servlet.http.HttpServletResponse response) {
        StaffPrincipal me = CurrentActor.staff(authentication);
        var secret = (io.custodia.identity.totp.TotpSecret) session.getAttribute(PENDING_SECRET);
        if (secret != null && accounts.confirmTotp(me.id(), secret, code.strip())) {
            session.removeAttribute(PENDING_SECRET);
            redirect.addFlashAttribute("notice", "account.totp.enabled");
            return "redirect:/account";
        }
        response.setStatus(jakarta.servlet.http.HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("error", true);
        return totpForm(authentication, session, model);
    }

    private static final String PENDING_SECRET = AccountPages.class.getName() + ".pendingSecret";

    @GetMapping("/admin/accounts")
    String staff(Model model, Authentication authentication) {
        model.addAttribute("accounts", accounts.listAccounts());
        // an administrator cannot disable their own account (refused if tried): not offered
        model.addAttribute("meId", CurrentActor.staff(authentication).id());
        model.addAttribute("roles", Role.values());
        return "identity/accounts";
    }

    @PostMapping("/admin/accounts")
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(name = "roles", required = false) List<String> roles, RedirectAttributes redirect) {
        try {
            var created = accounts.createStaff(username, displayName, parseRoles(roles), null);
            redirect.addFlashAttribute("created", new Created(created.account().username(), created.oneTimePassword()));
        } catch (AccountException e) {
            redirect.addFlashAttribute("createErrors", e.messageKeys());
            // the form comes back as filled in, the roles ticked too
            redirect.addFlashAttribute("form", java.util.Map.of("username", username, "displayName", displayName, "roles",
                    roles == null ? List.of() : List.copyOf(roles)));
        }
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/roles")
    String setRoles(@PathVariable UUID id, @RequestParam(name = "roles", required = false) List<String> roles,
            Authentication authentication, RedirectAttributes redirect) {
        try {
            Set<Role> parsed = parseRoles(roles); // an unknown role (a hand-edited form) is said like any other refusal
            if (id.equals(CurrentActor.staff(authentication).id()) && !parsed.contains(Role.ADMIN)) {
                redirect.addFlashAttribute("notice", "account.roles.keep-own-admin");
                return "redirect:/admin/accounts";
            }
            accounts.setRoles(id, parsed);
            redirect.addFlashAttribute("notice", "account.roles.saved");
        } catch (AccountException e) {
            redirect.addFlashAttribute("notice", e.messageKeys().get(0));
        }
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/enabled")
    String setEnabled(@PathVariable UUID id, @RequestParam boolean enabled, Authentication authentication, RedirectAttributes redirect) {
        if (id.equals(CurrentActor.staff(authentication).id())) {
            redirect.addFlashAttribute("notice", "account.disable.self");
            return "redirect:/admin/accounts";
        }
        try {
            accounts.setEnabled(id, enabled);
            redirect.addFlashAttribute("notice", enabled ? "account.enabled" : "account.disabled");
        } catch (AccountException e) {
            // an account that is no more (a stale page): said as the roles and second-factor forms say it
            redirect.addFlashAttribute("notice", e.messageKeys().get(0));
        }
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/reset-totp")
    String resetTotp(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            accounts.resetTotp(id);
            redirect.addFlashAttribute("notice", "account.totp.reset");
        } catch (AccountException e) {
            redirect.addFlashAttribute("notice", e.messageKeys().get(0));
        }
        return "redirect:/admin/accounts";
    }

    /** A created account and its one-time password, shown once to the administrator. */
    record Created(String username, String password) {
    }

    private static Set<Role> parseRoles(List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names != null) {
            for (String name : names) {
                try {
                    roles.add(Role.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new AccountException("Unknown role " + name, List.of("account.roles.unknown"));
                }
            }
        }
        return roles;
    }
}

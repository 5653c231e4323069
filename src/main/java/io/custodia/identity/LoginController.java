package io.custodia.identity;

import io.custodia.identity.totp.TotpSecret;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page and the steps after the password: second factor (enrolment or code) and password change. */
@Controller
class LoginController {

    private static final String PENDING_SECRET = LoginController.class.getName() + ".pendingSecret";
    private final AccountService accounts;
    private final LoginFlow flow;

    private final LoginThrottle throttle;

    LoginController(AccountService accounts, LoginFlow flow, LoginThrottle throttle) {
        this.accounts = accounts;
        this.flow = flow;
        this.throttle = throttle;
    }

    @GetMapping("/login")
    String login() {
        return "identity/login";
    }

    /** Sends a login to its next step; a signed-in staff member denied a page lands here too. */
    @RequestMapping("/login/next")
    String next(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        LoginStep step = LoginFlow.stepOf(authentication, accounts);
        if (step == LoginStep.DONE && request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null
                && request.getAttribute("SPRING_SECURITY_403_EXCEPTION") != null) {
            response.setStatus(403);
            return "error/403";
        }
        return "redirect:" + step.path();
    }

    @GetMapping("/login/totp")
    String totp(Authentication authentication, HttpSession session, Model model) {
        LoginStep step = LoginFlow.stepOf(authentication, accounts);
        if (step == LoginStep.TOTP_ENROL) {
            PartialLogin partial = (PartialLogin) authentication;
            TotpSecret secret = (TotpSecret) session.getAttribute(PENDING_SECRET);
            if (secret == null) {
                secret = accounts.newTotpSecret();
                session.setAttribute(PENDING_SECRET, secret);
            }
            model.addAttribute("enrol", true);
            model.addAttribute("secret", secret.base32());
            model.addAttribute("uri", secret.otpauthUri("Custodia", (String) partial.getPrincipal()));
            return "identity/totp";
        }
        if (step != LoginStep.TOTP_VERIFY) {
            return "redirect:" + step.path();
        }
        model.addAttribute("enrol", false);
        return "identity/totp";
    }

    @PostMapping("/login/totp")
    String verifyTotp(@RequestParam(defaultValue = "") String code, Authentication authentication, HttpSession session,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!(authentication instanceof PartialLogin partial)) {
            return "redirect:/";
        }
        LoginStep step = LoginFlow.stepOf(authentication, accounts);
        boolean ok;
        try {
            if (step == LoginStep.TOTP_ENROL) {
                TotpSecret secret = (TotpSecret) session.getAttribute(PENDING_SECRET);
                ok = secret != null && accounts.confirmTotp(partial.accountId(), secret, code.strip());
                if (ok) session.removeAttribute(PENDING_SECRET);
            } else if (step == LoginStep.TOTP_VERIFY) {
                ok = accounts.verifyTotp(partial.accountId(), code.strip());
            } else {
                return "redirect:" + step.path();
            }
        } catch (AccountLockedException e) {
            session.invalidate();
            return "redirect:/login?locked";
        }
        if (!ok) {
            throttle.recordFailure(request);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", true);
            return totp(authentication, session, model);
        }
        flow.advance(LoginFlow.authenticationFor(accounts.account(partial.accountId()), true), true, request, response);
        return "redirect:/login/next";
    }

    @GetMapping("/account/password")
    String passwordForm(Authentication authentication) {
        String elsewhere = pendingStepElsewhere(authentication);
        return elsewhere != null ? "redirect:" + elsewhere : "identity/password";
    }

    /** A login with a step before the password change (the second factor) must do that step first. */
    private String pendingStepElsewhere(Authentication authentication) {
        LoginStep step = LoginFlow.stepOf(authentication, accounts);
        return authentication instanceof PartialLogin && step != LoginStep.CHANGE_PASSWORD ? step.path() : null;
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam(defaultValue = "") String current, @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirmation, Authentication authentication, HttpServletRequest request,
            HttpServletResponse response, Model model, org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        String elsewhere = pendingStepElsewhere(authentication);
        if (elsewhere != null) {
            return "redirect:" + elsewhere;
        }
        java.util.UUID accountId = authentication instanceof PartialLogin partial ? partial.accountId()
                : ((StaffPrincipal) authentication.getPrincipal()).id();
        if (!password.equals(confirmation)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", java.util.List.of("account.password.mismatch"));
            return "identity/password";
        }
        try {
            accounts.changePassword(accountId, current, password);
        } catch (AccountException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", e.messageKeys());
            model.addAttribute("errorArgs", e.arguments());
            return "identity/password";
        }
        boolean totpDone = !(authentication instanceof PartialLogin partial) || partial.totpDone();
        flow.advance(LoginFlow.authenticationFor(accounts.account(accountId), totpDone), totpDone, request, response);
        // said once, on the next page: a flag in the address stayed there (a purpose switch brought the notice back)
        redirect.addFlashAttribute("passwordChanged", true);
        return "redirect:/";
    }
}

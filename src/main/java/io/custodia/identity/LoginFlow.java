package io.custodia.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/** Moves a login through its steps and, when none remain, grants the full session. */
@Component
class LoginFlow implements AuthenticationSuccessHandler {

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final IdentityAudit audit;

    LoginFlow(IdentityAudit audit) {
        this.audit = audit;
    }

    static Authentication authenticationFor(StaffAccount account, boolean totpDone) {
        if (LoginStep.next(account, totpDone) == LoginStep.DONE) {
            StaffPrincipal principal = AccountService.principal(account);
            return UsernamePasswordAuthenticationToken.authenticated(principal, null, Authorities.full(principal));
        }
        return new PartialLogin(account.id(), account.username(), totpDone);
    }

    static LoginStep stepOf(Authentication authentication, AccountService accounts) {
        if (authentication instanceof PartialLogin partial) {
            return LoginStep.next(accounts.account(partial.accountId()), partial.totpDone());
        }
        return LoginStep.DONE;
    }

    /** When the password was accepted: the 12-hour session limit counts from here, not from the first visit. */
    static final String SIGNED_IN_AT = LoginFlow.class.getName() + ".signedInAt";

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        request.getSession().setAttribute(SIGNED_IN_AT, System.currentTimeMillis());
        if (authentication instanceof PartialLogin) {
            response.sendRedirect(request.getContextPath() + "/login/next");
            return;
        }
        try {
            audit.signedIn(CurrentActor.staff(authentication).id(), false);
        } catch (io.custodia.audit.AuditUnavailableException e) {
            // a sign-in that cannot be recorded does not happen: undo the session Spring Security already saved
            SecurityContextHolder.clearContext();
            request.getSession().invalidate();
            response.sendRedirect(request.getContextPath() + "/login?error");
            return;
        }
        response.sendRedirect(request.getContextPath() + "/");
    }

    /** Replaces the session's authentication (after a step), with a new session id against fixation. */
    void advance(Authentication next, boolean totpDone, HttpServletRequest request, HttpServletResponse response) {
        if (!(next instanceof PartialLogin)) {
            // recorded before the session is granted: if the ledger cannot record it, the sign-in does not happen
            audit.signedIn(CurrentActor.staff(next).id(), totpDone);
        }
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(next);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}

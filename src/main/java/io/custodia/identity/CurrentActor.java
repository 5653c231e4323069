package io.custodia.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Turns the authenticated principal of the current request into an {@link Actor}. */
public final class CurrentActor {

    private CurrentActor() {
    }

    /** @throws IllegalStateException when no staff member is signed in */
    public static Actor get() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Actor of(Authentication authentication) {
        if (authentication != null) {
            Object principal = authentication.getPrincipal();
            if (principal instanceof AccountService.TokenPrincipal token) {
                return Actor.apiToken(token.tokenId().toString(), token.staff().id().toString(), token.staff().roles());
            }
            if (principal instanceof StaffPrincipal staff) {
                return Actor.staff(staff.id().toString(), staff.roles());
            }
        }
        throw new IllegalStateException("No signed-in staff member");
    }

    public static StaffPrincipal staff(Authentication authentication) {
        Object principal = authentication.getPrincipal();
        if (principal instanceof AccountService.TokenPrincipal token) return token.staff();
        if (principal instanceof StaffPrincipal staff) return staff;
        throw new IllegalStateException("No signed-in staff member");
    }
}

package io.custodia.web;

import io.custodia.access.AccessRequest;
import io.custodia.datamap.Purpose;
import io.custodia.identity.CurrentActor;
import io.custodia.identity.StaffPrincipal;
import io.custodia.policy.AccessPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The signed-in staff member of a UI request and the purpose they work for. The purpose chosen in the
 * header's switcher is kept in the session; without a choice the first purpose their roles grant is used.
 */
@Component
class StaffContext {

    private final AccessPolicy policy;

    StaffContext(AccessPolicy policy) {
        this.policy = policy;
    }

    /** The staff member behind a full UI session; empty for anonymous, partial (login steps) and API token logins. */
    static Optional<StaffPrincipal> staff(@Nullable Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff
                ? Optional.of(staff) : Optional.empty();
    }

    /** The purposes the staff member's roles grant, in register order; empty when not signed in. */
    List<Purpose> purposes(@Nullable Authentication authentication) {
        return staff(authentication).isPresent() ? policy.purposesOf(CurrentActor.of(authentication)) : List.of();
    }

    /** The purpose chosen in this session if still granted, else the first granted one; empty when none is granted. */
    Optional<Purpose> current(@Nullable Authentication authentication, HttpServletRequest request) {
        List<Purpose> purposes = purposes(authentication);
        HttpSession session = request.getSession(false);
        Object chosen = session == null ? null : session.getAttribute(AccessRequest.PURPOSE_SESSION_ATTRIBUTE);
        return purposes.stream().filter(p -> p.id().equals(chosen)).findFirst().or(() -> purposes.stream().findFirst());
    }

    /**
     * The access request of this UI request. Without a granted purpose it carries none, so the gateway refuses
     * it with a {@link io.custodia.policy.PurposeRefusedException} that the UI turns into a page.
     */
    AccessRequest request(Authentication authentication, HttpServletRequest request) {
        return new AccessRequest(CurrentActor.of(authentication), current(authentication, request).map(Purpose::id).orElse(null));
    }

    /**
     * Remembers the chosen purpose for the session.
     *
     * @throws io.custodia.policy.PurposeRefusedException when the purpose is unknown or not granted
     */
    void choose(Authentication authentication, HttpServletRequest request, String purposeId) {
        Purpose purpose = policy.authorise(CurrentActor.of(authentication), purposeId);
        request.getSession().setAttribute(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, purpose.id());
    }
}

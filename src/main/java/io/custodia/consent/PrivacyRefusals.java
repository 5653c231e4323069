package io.custodia.consent;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The privacy centre's one page for a link or a choice that cannot be used: the message of {@code reason}
 * ({@code privacy.link.<reason>}), in the visitor's language, with a status that says what went wrong.
 */
public final class PrivacyRefusals {

    private PrivacyRefusals() {
    }

    /** @param reason INVALID, EXPIRED, WRONG_KIND, USED, PURPOSE_CHANGED, INPUT or MAIL */
    public static ModelAndView page(String reason, HttpStatus status) {
        ModelAndView page = new ModelAndView("privacy/link-refused");
        page.addObject("reason", reason);
        page.setStatus(status);
        return page;
    }
}

package io.custodia.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Adds the layout's attributes ({@code purposes}, {@code currentPurpose}, ...) to every page's model, a fresh one-time
 * token for its create form ({@link SubmitOnce}) and the staff's time zone ({@code zone}).
 */
@ControllerAdvice
class LayoutAdvice {

    private final LayoutModel layout;

    LayoutAdvice(LayoutModel layout) {
        this.layout = layout;
    }

    @ModelAttribute
    void layout(Model model, @Nullable Authentication authentication, HttpServletRequest request) {
        layout.populate(model, authentication, request);
        if (request.getRequestURI().startsWith("/api/")) return;
        model.addAttribute(SubmitOnce.MODEL_ATTRIBUTE, SubmitOnce.newToken());
        // the staff's time zone, for pages that show an instant (the server's own zone may be UTC)
        model.addAttribute("zone", PersonViews.ZONE);
    }
}

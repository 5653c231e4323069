package io.custodia.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The purpose switcher of the header: the staff member says what they are doing; the screens follow. */
@Controller
class PurposeSwitch {

    private final StaffContext context;

    PurposeSwitch(StaffContext context) {
        this.context = context;
    }

    @PostMapping("/purpose")
    String choose(@RequestParam(defaultValue = "") String purpose, @RequestParam(defaultValue = "/") String back,
            Authentication authentication, HttpServletRequest request) {
        context.choose(authentication, request, purpose);
        return "redirect:" + LayoutModel.safeLocalPath(back);
    }
}

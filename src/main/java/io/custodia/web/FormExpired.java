package io.custodia.web;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * A form posted without its CSRF token, or with another session's (a page left open past the session's end, a form
 * from another site): nothing was done, and the page says so, to staff and to the public alike; not "your roles do
 * not allow this page", and not the staff sign-in page for a person using the privacy centre.
 */
@Controller
class FormExpired {

    static final String PATH = "/form-expired";

    @RequestMapping(PATH)
    ModelAndView expired() {
        ModelAndView page = new ModelAndView("error/form-expired");
        page.setStatus(HttpStatus.FORBIDDEN);
        return page;
    }
}

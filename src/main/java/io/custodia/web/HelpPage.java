package io.custodia.web;

import io.custodia.datamap.DataMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Help for staff and the DPO. The purposes, their legal bases, fields, retention and recipients are
 * read from the data map itself, so the help cannot drift from what Custodia enforces.
 */
@Controller
class HelpPage {

    private final DataMap dataMap;

    HelpPage(DataMap dataMap) {
        this.dataMap = dataMap;
    }

    @GetMapping("/help")
    String help(Model model) {
        model.addAttribute("dataMap", dataMap);
        model.addAttribute("purposeList", dataMap.purposes().values());
        return "help";
    }
}

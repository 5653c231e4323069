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
    private final org.springframework.context.MessageSource messages;

    HelpPage(DataMap dataMap, org.springframework.context.MessageSource messages) {
        this.dataMap = dataMap;
        this.messages = messages;
    }

    @GetMapping("/help")
    String help(Model model, java.util.Locale locale) {
        model.addAttribute("dataMap", dataMap);
        // each field as people call it, its id beside it for the integrators
        java.util.Map<String, String> fieldNames = new java.util.LinkedHashMap<>();
        dataMap.fields().keySet().forEach(id -> {
            String key = io.custodia.datamap.FieldDefinition.messageKey(id);
            fieldNames.put(id, key == null ? id : messages.getMessage(key, null, id, locale));
        });
        model.addAttribute("fieldNames", fieldNames);
        model.addAttribute("purposeList", dataMap.purposes().values());
        return "help";
    }
}

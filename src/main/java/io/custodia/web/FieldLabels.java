package io.custodia.web;

import io.custodia.datamap.FieldDefinition;
import io.custodia.people.PersonField;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** Field names as people read them: each by its form's label, in the page's language, when it has one. */
@Component
class FieldLabels {

    private final MessageSource messages;

    FieldLabels(MessageSource messages) {
        this.messages = messages;
    }

    /**
     * Fields, comma separated, by data map id ({@code person.last_name}), by the form's name ({@code lastName}), or by their
     * name within {@code record} ({@code last_name}, as the audit ledger writes them), each said by its label.
     */
    String of(String ids, @Nullable String record, Locale locale) {
        return Arrays.stream(ids.split(",\\s*")).filter(id -> !id.isBlank()).map(id -> {
            String fieldId = id.contains(".") ? id
                    : PersonField.ofJson(id).map(PersonField::fieldId).orElse(record == null ? id : record + "." + id);
            String key = FieldDefinition.messageKey(fieldId);
            return key == null ? id : messages.getMessage(key, null, id, locale);
        }).collect(Collectors.joining(", "));
    }
}

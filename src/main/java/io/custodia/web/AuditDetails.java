package io.custodia.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * An audit entry's detail said for people, in the page's language: {@code record=person; fields=city,emails; withheld=notes}
 * becomes "Person record · fields: City, Emails · withheld: Notes". Only details Custodia writes are said this way; any
 * other is shown as stored (the stored text stays the evidence, shown beside it and in every export).
 */
@Component
class AuditDetails {

    /** An API token's entries name its account first: the actor column says whose token it was. */
    private static final Pattern ACCOUNT = Pattern.compile("^account=[0-9a-f-]+;\\s*");

    private final MessageSource messages;
    private final FieldLabels labels;

    AuditDetails(MessageSource messages, FieldLabels labels) {
        this.messages = messages;
        this.labels = labels;
    }

    /** The detail said for people, or null when it is not one this knows (show it as stored). */
    @Nullable String say(String action, String detail, Locale locale) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (String part : ACCOUNT.matcher(detail).replaceFirst("").split(";")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 0) flags.add(p); else values.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return switch (action) {
            case "DENIED" -> refusal(values, locale);
            case "SEARCH" -> values.containsKey("results") ? search(values, locale) : null;
            case "CONSENT", "OBJECTION", "RESTRICTION" -> choice(values, locale);
            case "RIGHTS_REQUEST" -> request(values, locale);
            default -> values.containsKey("record") ? record(values, flags, locale) : null;
        };
    }

    /** A read or a write: which record, which fields, what was withheld. */
    private @Nullable String record(Map<String, String> values, List<String> flags, Locale locale) {
        String record = values.get("record").split(" ")[0];
        String label = optional("audit.detail.record." + record, locale);
        if (label == null) return null;
        List<String> parts = new ArrayList<>(List.of(label));
        String fieldRecord = record.equals("interaction") ? "interaction" : "person";
        if (!values.getOrDefault("fields", "").isBlank() && !record.equals("deal")) {
            parts.add(message("audit.detail.fields", locale, labels.of(values.get("fields"), fieldRecord, locale)));
        }
        if (!values.getOrDefault("withheld", "").isBlank()) {
            parts.add(message("audit.detail.withheld", locale, labels.of(values.get("withheld"), fieldRecord, locale)));
        }
        if (!values.getOrDefault("limited-sensitive", "").isBlank()) {
            parts.add(message("audit.detail.limited", locale, labels.of(values.get("limited-sensitive"), fieldRecord, locale)));
        }
        if (values.containsKey("changed")) {
            List<String> changed = new ArrayList<>();
            for (String column : values.get("changed").split(",")) {
                changed.add(switch (column) {
                    case "kind" -> message("interaction.field.kind", locale);
                    case "occurredAt" -> message("interaction.field.occurredAt", locale);
                    default -> column;
                });
            }
            parts.add(message("audit.detail.changed", locale, String.join(", ", changed)));
        }
        if (flags.contains("linked")) parts.add(message("audit.detail.linked", locale));
        if (flags.contains("unlinked")) parts.add(message("audit.detail.unlinked", locale));
        return String.join(" · ", parts);
    }

    private @Nullable String search(Map<String, String> values, Locale locale) {
        try {
            String kind = values.getOrDefault("kind", "");
            String said = optional("audit.detail.search." + kind, locale);
            return message("audit.detail.search", locale, said == null ? kind : said, Long.parseLong(values.get("results")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What was refused and why, by the reason's name when it has one. */
    private @Nullable String refusal(Map<String, String> values, Locale locale) {
        String reason = values.get("reason");
        if (reason == null) return null;
        String attempted = values.getOrDefault("attempted", "");
        String act = optional("audit.action." + attempted, locale);
        String why = optional("audit.detail.reason." + reason, locale);
        String said = message("audit.detail.refused", locale, act == null ? attempted : act, why == null ? reason : why);
        return values.containsKey("since") ? said + " · " + message("audit.detail.since", locale, values.get("since")) : said;
    }

    /** A choice recorded: what the person chose, on which channel, through what. */
    private @Nullable String choice(Map<String, String> values, Locale locale) {
        String kind = values.get("kind");
        if (kind == null) return null;
        String said = optional("choices.kind." + kind, locale);
        if (said == null) return null;
        List<String> parts = new ArrayList<>(List.of(said));
        String channel = values.get("channel");
        if (channel != null) parts.add(messages.getMessage("channel." + channel, null, channel, locale));
        return String.join(" · ", parts);
    }

    /** A step of a data subject request. */
    private @Nullable String request(Map<String, String> values, Locale locale) {
        String type = values.get("type");
        String step = values.get("step");
        if (type == null || step == null) return null;
        String stepSaid = optional("audit.detail.step." + step, locale);
        return message("audit.detail.request", locale, messages.getMessage("rights.type." + type, null, type, locale),
                stepSaid == null ? step : stepSaid);
    }

    private @Nullable String optional(String key, Locale locale) {
        return messages.getMessage(key, null, null, locale);
    }

    private String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}

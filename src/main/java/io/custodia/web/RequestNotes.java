package io.custodia.web;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The notes of a request's history in the page's language. The rights module stores each step's note as a plain
 * English line (no personal value); the ones it writes most are recognised here and said with the page's messages
 * (the request's type and channel by their names); any other note is shown as stored.
 */
@Component("requestNotes")
public class RequestNotes {

    private static final Pattern RECEIVED = Pattern.compile("([A-Z_]+)( \\(categories only\\))? through ([A-Z_]+), (\\d+) person\\(s\\) matched");
    private static final Pattern BY_STAFF = Pattern.compile("identified by staff \\(([A-Z_]+)\\)");
    private static final Pattern EXTENDED = Pattern.compile("to (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern PACKAGED = Pattern.compile("package [0-9a-f-]{36} until (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern DOWNLOADED = Pattern.compile("package [0-9a-f-]{36}");
    private static final Pattern PACKAGED_LETTER = Pattern.compile("package [0-9a-f-]{36} until (\\d{4}-\\d{2}-\\d{2}) for a letter");
    private static final Pattern DOWNLOADED_STAFF = Pattern.compile("package [0-9a-f-]{36} by staff");
    private static final Pattern CODE = Pattern.compile("[A-Z_]+");
    private static final Pattern AGENT = Pattern.compile("made by an authorised agent; proof of permission (\\S+), (\\d+) KB");
    private static final Pattern NOT_VERIFIED = Pattern.compile("the details given did not match \\(try (\\d+) of (\\d+)\\)");
    private static final Pattern KEPT = Pattern.compile("erased except \\[([a-z_., ]+)\\] under legal hold until (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern CORRECTED = Pattern.compile("corrected \\[([A-Za-z_., ]+)\\]");
    private static final Pattern EXPIRED = Pattern.compile("not confirmed within (P\\S+)");
    private static final Pattern APPLIED = Pattern.compile("the objection to direct marketing applied at once \\(GDPR Art\\. 21\\(3\\)\\): (.+)");
    private static final Pattern NOT_APPLIED = Pattern.compile("(\\d+) persons share this address: the objection waits for the DPO");

    private final MessageSource messages;

    private final FieldLabels labels;

    /** A purpose's name in a language, by its id (the id itself when the register no longer holds it). */
    private final java.util.function.BiFunction<String, Locale, String> purposeNames;

    @org.springframework.beans.factory.annotation.Autowired
    RequestNotes(MessageSource messages, FieldLabels labels, io.custodia.datamap.DataMap dataMap) {
        this(messages, labels, (id, locale) -> dataMap.purpose(id).map(p -> p.name().in(locale)).orElse(id));
    }

    RequestNotes(MessageSource messages, FieldLabels labels, java.util.function.BiFunction<String, Locale, String> purposeNames) {
        this.messages = messages;
        this.labels = labels;
        this.purposeNames = purposeNames;
    }

    /** The note in this language when it is one Custodia writes, else as stored; null stays null. */
    public @org.jspecify.annotations.Nullable String say(@org.jspecify.annotations.Nullable String note, Locale locale) {
        if (note == null) return null;
        Matcher m;
        if ((m = RECEIVED.matcher(note)).matches()) {
            return message("rights.note.received", locale, name("rights.type.", m.group(1), locale) + (m.group(2) != null
                    ? " (" + messages.getMessage("rights.note.categories-only", null, "categories only", locale) + ")" : ""),
                    name("rights.channel.", m.group(3), locale), Long.parseLong(m.group(4)));
        }
        if ((m = BY_STAFF.matcher(note)).matches()) return message("rights.note.by-staff", locale, name("rights.channel.", m.group(1), locale));
        if ((m = EXTENDED.matcher(note)).matches()) return message("rights.note.extended", locale, m.group(1));
        if ((m = PACKAGED.matcher(note)).matches()) return message("rights.note.packaged", locale, m.group(1));
        if (DOWNLOADED.matcher(note).matches()) return message("rights.note.downloaded", locale);
        if ((m = PACKAGED_LETTER.matcher(note)).matches()) return message("rights.note.packaged-letter", locale, m.group(1));
        if (DOWNLOADED_STAFF.matcher(note).matches()) return message("rights.note.downloaded-staff", locale);
        if (note.equals("verification link")) return message("rights.note.verification-link", locale);
        if (note.equals("confirmed from the emailed link")) return message("rights.note.confirmed", locale);
        if ((m = AGENT.matcher(note)).matches()) return message("rights.note.agent", locale, m.group(1), m.group(2));
        if ((m = NOT_VERIFIED.matcher(note)).matches()) return message("rights.note.not-verified", locale, m.group(1), m.group(2));
        if ((m = KEPT.matcher(note)).matches()) return message("rights.note.kept", locale, fields(m.group(1), locale), m.group(2));
        if ((m = CORRECTED.matcher(note)).matches()) return message("rights.note.corrected", locale, fields(m.group(1), locale));
        if ((m = EXPIRED.matcher(note)).matches()) {
            try {
                java.time.Duration ttl = java.time.Duration.parse(m.group(1));
                long hours = ttl.toHours();
                if (hours == 0) return message("rights.note.expired-minutes", locale, ttl.toMinutes());
                return hours % 24 == 0 ? message("rights.note.expired-days", locale, hours / 24) : message("rights.note.expired", locale, hours);
            } catch (java.time.format.DateTimeParseException e) {
                return note;
            }
        }
        if (note.equals("no verification: an opt-out (CCPA §7026(d), §7027(e))")) return message("rights.note.opt-out", locale);
        if (note.equals("the person could not be emailed: tell them another way")) return message("rights.note.not-emailed", locale);
        if (note.equals("the agent could not be emailed: tell them another way")) return message("rights.note.agent-not-emailed", locale);
        if ((m = NOT_APPLIED.matcher(note)).matches()) return message("rights.note.not-applied", locale, Long.parseLong(m.group(1)));
        if ((m = APPLIED.matcher(note)).matches()) {
            if (m.group(1).equals("already in force")) return message("rights.note.applied-already", locale);
            // the purposes by their names in the register, in this language
            java.util.List<String> names = new java.util.ArrayList<>();
            for (String id : m.group(1).split(", ")) names.add(purposeNames.apply(id, locale));
            return message("rights.note.applied", locale, String.join(", ", names));
        }
        if (CODE.matcher(note).matches()) {
            // a request type (fulfilled) or an outcome (closed)
            String type = messages.getMessage("rights.type." + note, null, null, locale);
            if (type != null) return type;
            String outcome = messages.getMessage("rights.outcome." + note, null, null, locale);
            if (outcome != null) return outcome;
        }
        return note;
    }

    private String fields(String ids, Locale locale) {
        return labels.of(ids, null, locale);
    }

    private String name(String prefix, String code, Locale locale) {
        return messages.getMessage(prefix + code, null, code, locale);
    }

    private String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}

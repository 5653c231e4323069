package io.custodia.web;

import io.custodia.people.InvalidInputException;
import io.custodia.people.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Translates the field errors of a refused form into messages shown next to their fields. A message key is
 * looked up as {@code error.<field>.<code>}, then {@code error.<code>}; the numbers of the service's message
 * (limits, counts) are its arguments. When no key fits, the service's English message is shown as is: it is
 * specific and never holds a personal value.
 */
@Component
class FormErrors {

    /** The model attribute: form field name to its messages; {@code _form} for errors of no shown field. */
    static final String ATTRIBUTE = "errors";
    static final String GLOBAL = "_form";

    private static final Pattern INDEXED = Pattern.compile("(\\w+)\\[(\\d+)]");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    /** A number of the service's message: digits, with commas grouping thousands (1,000). */
    private static final Pattern NUMBER = Pattern.compile("\\d{1,3}(,\\d{3})+|\\d+");

    private final MessageSource messages;

    FormErrors(MessageSource messages) {
        this.messages = messages;
    }

    /** The errors by field; those naming a field not in {@code shown} go under {@link #GLOBAL}. */
    Map<String, List<String>> of(InvalidInputException e, List<String> shown) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (FieldError error : e.errors()) {
            Matcher indexed = INDEXED.matcher(error.field());
            String field = indexed.matches() ? indexed.group(1) : error.field();
            String message = translate(field, error.code(), error.message());
            if (indexed.matches()) {
                message = message("error.item", new Object[] {Integer.parseInt(indexed.group(2)) + 1, message}, message);
            }
            byField.computeIfAbsent(shown.contains(field) ? field : GLOBAL, k -> new ArrayList<>()).add(message);
        }
        return byField;
    }

    /**
     * The form as typed, but for the texts refused because they hold someone's personal data or a card number: those
     * are shown back masked (the page would otherwise carry what was refused).
     */
    static Map<String, String> maskRefused(Map<String, String> form, InvalidInputException e, java.util.function.UnaryOperator<String> mask) {
        Map<String, String> shown = new java.util.HashMap<>(form);
        for (FieldError error : e.errors()) {
            if (!error.code().equals("personal-data") && !error.code().equals("card-number")) continue;
            shown.computeIfPresent(error.field(), (k, v) -> mask.apply(v));
        }
        return shown;
    }

    /** One error, for a field, in the request's language. */
    Map<String, List<String>> one(String field, String key) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        byField.put(field, List.of(message(key, new Object[0], key)));
        return byField;
    }

    /**
     * Every error of a refused input in one line, in the request's language, for a page that shows it above a form
     * (no field ids: each message says what it is about).
     */
    String summary(InvalidInputException e) {
        return String.join(" ", e.errors().stream().map(error -> {
            Matcher indexed = INDEXED.matcher(error.field());
            String message = translate(indexed.matches() ? indexed.group(1) : error.field(), error.code(), error.message());
            String sentence = message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
            return sentence.endsWith(".") ? sentence : sentence + ".";
        }).toList());
    }

    String translate(String field, String code, String fallback) {
        // a count from 10,000 is grouped as the page's language writes it ("10 000" in French); smaller numbers, years among
        // them (1900, 9999), stay as they are
        Object[] args = NUMBER.matcher(UUID.matcher(fallback).replaceAll("")).results().map(r -> r.group().replace(",", ""))
                .map(n -> n.length() >= 5 && n.length() <= 18 ? (Object) Long.valueOf(n) : n).toArray();
        return message("error." + field + "." + code, args, message("error." + code, args, fallback));
    }

    private String message(String key, Object[] args, String fallback) {
        // No default message given to the source: it would run the fallback through MessageFormat too.
        Locale locale = LocaleContextHolder.getLocale();
        String message = messages.getMessage(key, args, null, locale);
        return message == null ? fallback : message;
    }
}

package io.custodia.datamap;

import java.util.Locale;

/** A text of the register in English and French (the two languages Custodia ships). */
public record LocalizedText(String en, String fr) {

    public LocalizedText {
        if (en == null || en.isBlank()) throw new IllegalArgumentException("en must not be blank");
        if (fr == null || fr.isBlank()) throw new IllegalArgumentException("fr must not be blank");
    }

    public String in(Locale locale) {
        return "fr".equals(locale.getLanguage()) ? fr : en;
    }
}

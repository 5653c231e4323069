package io.custodia.datamap;

import java.util.Arrays;
import java.util.Optional;

/** The six lawful bases of GDPR Art. 6(1), with their W3C DPV terms. */
public enum LegalBasis {
    CONSENT("consent", "dpv:Consent", "GDPR Art. 6(1)(a)"),
    CONTRACT("contract", "dpv:Contract", "GDPR Art. 6(1)(b)"),
    LEGAL_OBLIGATION("legal-obligation", "dpv:LegalObligation", "GDPR Art. 6(1)(c)"),
    VITAL_INTEREST("vital-interest", "dpv:VitalInterest", "GDPR Art. 6(1)(d)"),
    PUBLIC_INTEREST("public-interest", "dpv:PublicInterest", "GDPR Art. 6(1)(e)"),
    LEGITIMATE_INTEREST("legitimate-interest", "dpv:LegitimateInterest", "GDPR Art. 6(1)(f)");

    private final String key;
    private final String dpvTerm;
    private final String article;

    LegalBasis(String key, String dpvTerm, String article) {
        this.key = key;
        this.dpvTerm = dpvTerm;
        this.article = article;
    }

    /** The key used in the data map YAML, e.g. {@code legitimate-interest}. */
    public String key() {
        return key;
    }

    public String dpvTerm() {
        return dpvTerm;
    }

    public String article() {
        return article;
    }

    /** The article as cited in this language: "GDPR Art. 6(1)(a)", in French "RGPD art. 6(1)(a)". */
    public String article(java.util.Locale locale) {
        return "fr".equals(locale.getLanguage()) ? article.replace("GDPR Art.", "RGPD art.") : article;
    }

    public static Optional<LegalBasis> ofKey(String key) {
        return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst();
    }
}

package io.custodia.admin;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Where a demo contact or organisation is: France (GDPR) or the United States (California: CCPA/CPRA). */
enum Market {
    FR(Locale.FRENCH, "FR", "fr", List.of("gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr", "sfr.fr"),
            List.of("salon VivaTech 2026", "web form", "LinkedIn", "referral", "webinar RGPD 2025", "salon Big Data & AI Paris 2025")),
    US(Locale.US, "US", "en", List.of("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"),
            List.of("web form", "LinkedIn", "referral", "Dreamforce 2025", "webinar", "cold outreach"));

    private final Locale locale;
    private final String country;
    private final String language;
    private final List<String> mailProviders;
    private final List<String> sources;

    Market(Locale locale, String country, String language, List<String> mailProviders, List<String> sources) {
        this.locale = locale;
        this.country = country;
        this.language = language;
        this.mailProviders = mailProviders;
        this.sources = sources;
    }

    Locale locale() {
        return locale;
    }

    /** ISO 3166-1 alpha-2. */
    String country() {
        return country;
    }

    /** ISO 639-1. */
    String language() {
        return language;
    }

    String mailProvider(Random random) {
        return mailProviders.get(random.nextInt(mailProviders.size()));
    }

    String source(Random random) {
        // The first sources are the commonest.
        return sources.get(Math.min(random.nextInt(sources.size() + 2), random.nextInt(sources.size())));
    }

    /** Top-level domain of a company of this market. */
    String companyTld() {
        return this == FR ? ".fr" : ".com";
    }

    static Market pick(Random random) {
        return random.nextInt(100) < 55 ? FR : US;
    }
}

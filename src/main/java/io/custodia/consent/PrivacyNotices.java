package io.custodia.consent;

import io.custodia.datamap.DataMap;
import io.custodia.datamap.Purpose;
import io.custodia.datamap.Recipient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The privacy notice, generated from the data map in French and English (GDPR Art. 13-14: who, why, on
 * what basis, for how long, to whom, the person's rights and the authority). Each distinct text is a
 * version, kept for good with its SHA-256: a new version is published at start when the data map's
 * text changed, so every consent can name the exact notice it was given under.
 */
@Service
public class PrivacyNotices {

    public static final List<String> LANGUAGES = List.of("en", "fr");

    private final DataMap dataMap;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, PrivacyNotice> current = new ConcurrentHashMap<>();

    private final org.springframework.transaction.support.TransactionTemplate transaction;

    private final org.springframework.context.MessageSource messages;

    PrivacyNotices(DataMap dataMap, JdbcClient jdbc, Clock clock, org.springframework.transaction.PlatformTransactionManager transactions,
            org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.dataMap = dataMap;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Publishes the data map's notice as a new version in each language whose text changed. Each language in
     * a transaction of its own; when another node starting at the same time published the same version
     * first, its row is taken.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void publishIfChanged() {
        for (String language : LANGUAGES) {
            String body = render(language);
            String sha256 = sha256(body);
            PrivacyNotice published;
            try {
                published = transaction.execute(status -> publish(language, body, sha256));
            } catch (org.springframework.dao.DuplicateKeyException anotherNodeFirst) {
                published = latestStored(language).orElseThrow(() -> anotherNodeFirst);
            }
            current.put(language, published);
        }
    }

    private PrivacyNotice publish(String language, String body, String sha256) {
        PrivacyNotice latest = latestStored(language).orElse(null);
        if (latest != null && latest.sha256().equals(sha256)) return latest;
        int version = latest == null ? 1 : latest.version() + 1;
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("INSERT INTO privacy_notice (version, language, body, sha256, published_at) VALUES (?, ?, ?, ?, ?)")
                .params(version, language, body, sha256, now).update();
        return new PrivacyNotice(version, language, body, sha256, now.toInstant());
    }

    /** The notice in force in this language ({@code en} or {@code fr}; anything else gets English). */
    public PrivacyNotice current(String language) {
        String lang = LANGUAGES.contains(language) ? language : "en";
        PrivacyNotice notice = current.get(lang);
        if (notice == null) {
            publishIfChanged();
            notice = current.get(lang);
        }
        return notice;
    }

    /** A past version, to show exactly what a person was told. */
    public Optional<PrivacyNotice> version(int version, String language) {
        return jdbc.sql("SELECT version, language, body, sha256, published_at FROM privacy_notice WHERE version = ? AND language = ?")
                .params(version, language).query(PrivacyNotices::notice).optional();
    }

    private Optional<PrivacyNotice> latestStored(String language) {
        return jdbc.sql("SELECT version, language, body, sha256, published_at FROM privacy_notice WHERE language = ?"
                + " ORDER BY version DESC LIMIT 1").param(language).query(PrivacyNotices::notice).optional();
    }

    private static PrivacyNotice notice(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new PrivacyNotice(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant());
    }

    /** The notice's text: plain, stable (the hash depends on it), in the order of the data map. */
    String render(String language) {
        Locale locale = Locale.forLanguageTag(language);
        boolean fr = language.equals("fr");
        StringBuilder text = new StringBuilder();
        var controller = dataMap.controller();
        text.append(fr ? "Politique de confidentialité" : "Privacy notice").append(" — ").append(controller.name()).append("\n\n");
        text.append(fr ? "Responsable du traitement\u00a0: " : "Controller: ").append(controller.name()).append(", ").append(controller.address())
                .append(". ").append(fr ? "Contact\u00a0: " : "Contact: ").append(controller.contact()).append(". ")
                .append(fr ? "Délégué à la protection des données\u00a0: " : "Data protection officer: ").append(controller.dpo()).append(".\n\n");
        for (Purpose purpose : dataMap.purposes().values()) {
            text.append("## ").append(purpose.name().in(locale)).append("\n");
            text.append(purpose.description().in(locale)).append("\n");
            text.append(fr ? "Base légale\u00a0: " : "Legal basis: ").append(basis(purpose, fr)).append(" (").append(purpose.legalBasis().article(locale))
                    .append(").\n");
            text.append(fr ? "Données\u00a0: " : "Data: ").append(String.join(", ", purpose.fields().stream().map(f -> fieldName(f, locale)).toList()))
                    .append(".\n");
            text.append(fr ? "Durée de conservation\u00a0: " : "Kept for: ").append(messages.getMessage("help.register.retention.value",
                    new Object[] {purpose.retention().durationIn(locale), messages.getMessage("retention.from." + purpose.retention().from().key(), null,
                            purpose.retention().from().key(), locale)}, locale)).append(".\n");
            text.append(fr ? "Destinataires\u00a0: " : "Recipients: ");
            text.append(String.join(", ", purpose.recipients().stream().map(id -> recipient(id, locale)).toList())).append(".\n");
            if (purpose.legalBasis() == io.custodia.datamap.LegalBasis.CONSENT) {
                text.append(fr ? "Vous pouvez retirer votre consentement à tout moment, aussi simplement que vous l'avez donné (RGPD art. 7(3))."
                        : "You may withdraw your consent at any time, as easily as you gave it (GDPR Art. 7(3)).").append("\n");
            }
            if (purpose.legalBasis() == io.custodia.datamap.LegalBasis.LEGITIMATE_INTEREST || purpose.directMarketing()) {
                text.append(fr ? "Vous pouvez vous y opposer à tout moment (RGPD art. 21)." : "You may object to it at any time (GDPR Art. 21).")
                        .append(purpose.directMarketing() ? (fr ? " Pour la prospection, votre opposition s'applique sans condition."
                                : " For direct marketing, your objection applies unconditionally.") : "").append("\n");
            }
            text.append("\n");
        }
        text.append(fr ? "Vos droits : accès, rectification, effacement, limitation, portabilité, opposition (RGPD art. 15 à 21). "
                + "Réponse sous un mois. Réclamation : " : "Your rights: access, rectification, erasure, restriction, portability, objection "
                + "(GDPR Art. 15-21). We answer within one month. Complaints: ").append(controller.supervisoryAuthority()).append(".\n");
        return text.toString();
    }

    private static String basis(Purpose purpose, boolean fr) {
        return switch (purpose.legalBasis()) {
            case CONSENT -> fr ? "votre consentement" : "your consent";
            case CONTRACT -> fr ? "l'exécution d'un contrat" : "performance of a contract";
            case LEGAL_OBLIGATION -> fr ? "une obligation légale" : "a legal obligation";
            case VITAL_INTEREST -> fr ? "la sauvegarde des intérêts vitaux" : "vital interests";
            case PUBLIC_INTEREST -> fr ? "une mission d'intérêt public" : "a task in the public interest";
            case LEGITIMATE_INTEREST -> fr ? "notre intérêt légitime" : "our legitimate interest";
        };
    }

    /** A field of the data map as people call it (the forms' name for it), else its id. */
    String fieldName(String fieldId, Locale locale) {
        String key = io.custodia.datamap.FieldDefinition.messageKey(fieldId);
        return key == null ? fieldId : messages.getMessage(key, null, fieldId, locale);
    }

    private String recipient(String id, Locale locale) {
        Recipient recipient = dataMap.recipients().get(id);
        return recipient == null ? id : recipient.name().in(locale);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}

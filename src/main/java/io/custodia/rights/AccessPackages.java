package io.custodia.rights;

import io.custodia.consent.PrivacyNotices;
import io.custodia.crypto.ArchiveBox;
import io.custodia.datamap.DataMap;
import io.custodia.shared.Ids;
import io.custodia.shared.PersonalDataExport;
import io.custodia.shared.PersonalDataExport.Section;
import io.custodia.shared.SubjectErased;
import io.custodia.shared.SubjectId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's access package (GDPR Art. 15; CCPA right to know) or portability package (Art. 20): what every
 * module holds on them ({@link PersonalDataExport}, all of them, found by Spring), with what Art. 15 also
 * requires (purposes, categories, recipients, retention, source, rights, the supervisory authority: the
 * privacy notice generated from the data map, in the person's language), as human-readable HTML and
 * machine-readable JSON and CSV in one zip. It is kept encrypted ({@link ArchiveBox}) until it expires
 * ({@code custodia.rights.package-ttl}), then deleted; erasing the person deletes it at once.
 */
@Service
public class AccessPackages {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<PersonalDataExport> exports;
    private final JdbcClient jdbc;
    private final ArchiveBox box;
    private final Clock clock;
    private final RightsProperties properties;
    private final DataMap dataMap;
    private final PrivacyNotices notices;
    private final ITemplateEngine templates;

    AccessPackages(List<PersonalDataExport> exports, JdbcClient jdbc, ArchiveBox box, Clock clock, RightsProperties properties, DataMap dataMap,
            PrivacyNotices notices, org.springframework.context.MessageSource messages) {
        this.exports = List.copyOf(exports);
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
        this.properties = properties;
        this.dataMap = dataMap;
        this.notices = notices;
        this.templates = packageTemplates(messages);
    }

    /**
     * The package's page is a file, not a web page: its own template engine, reading the templates from the
     * class path with the application's messages, whether or not the application serves web pages.
     */
    private static ITemplateEngine packageTemplates(org.springframework.context.MessageSource messages) {
        var resolver = new org.thymeleaf.templateresolver.ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(org.thymeleaf.templatemode.TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        var engine = new org.thymeleaf.spring6.SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.setMessageSource(messages);
        return engine;
    }

    /** Every module's export, in a stable order. */
    List<PersonalDataExport> exports() {
        return exports;
    }

    /** A package ready to download. */
    public record Stored(UUID id, UUID request, SubjectId subject, Instant expires, int downloads) {
    }

    /**
     * Builds and stores the package of one person for a request; {@code portable}: only what they provided
     * (Art. 20). Returns its id.
     */
    @Transactional
    public Built build(UUID request, SubjectId subject, boolean portable, String language) {
        return build(request, subject, portable, false, language);
    }

    /**
     * The same; {@code categoriesOnly}: a Californian's request to know the categories (CCPA §1798.110(a)(1)-(4)):
     * for each part of our system, the kinds of information that hold something about the person and in how many
     * records, never a value; the privacy notice gives the sources, purposes, recipients and periods.
     */
    @Transactional
    public Built build(UUID request, SubjectId subject, boolean portable, boolean categoriesOnly, String language) {
        Locale locale = Locale.forLanguageTag("fr".equals(language) ? "fr" : "en");
        Instant now = clock.instant();
        List<Section> sections = new ArrayList<>();
        for (PersonalDataExport export : exports) {
            for (Section section : export.export(subject)) {
                if (categoriesOnly) {
                    sections.add(categories(section));
                } else if (!portable) {
                    sections.add(section);
                } else if (!section.portableColumns().isEmpty()) {
                    List<String> columns = section.columns().stream().filter(section.portableColumns()::contains).toList();
                    List<Map<String, String>> rows = section.rows().stream().map(r -> {
                        Map<String, String> kept = new LinkedHashMap<>();
                        columns.forEach(c -> kept.put(c, r.getOrDefault(c, "")));
                        return kept;
                    }).toList();
                    sections.add(new Section(section.key(), columns, rows, section.portableColumns()));
                }
            }
        }
        byte[] zip = zip(request, now, sections, portable, categoriesOnly, locale);
        UUID id = Ids.next();
        jdbc.sql("INSERT INTO access_package (id, request_id, subject_id, created_at, expires_at, downloads, content) VALUES (?, ?, ?, ?, ?, 0, ?)")
                .params(id, request, subject.value(), utc(now), utc(now.plus(properties.packageTtl())), box.seal(context(id), zip)).update();
        return new Built(id, sections.stream().map(s -> s.key() + "(" + s.rows().size() + ")").toList());
    }

    /**
     * A package stored: its id, and what it holds, section by section with its number of rows (no values): what
     * the ledger's export entry names.
     */
    public record Built(UUID id, List<String> sections) {
    }

    /** The kinds of information a section holds on the person (its columns with a value) and in how many of its records. */
    static Section categories(Section section) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String column : section.columns()) {
            long records = section.rows().stream().filter(r -> r.get(column) != null && !r.get(column).isBlank()).count();
            if (records > 0) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put(CATEGORY, column);
                row.put(RECORDS, Long.toString(records));
                rows.add(row);
            }
        }
        return new Section(section.key(), List.of(CATEGORY, RECORDS), rows, java.util.Set.of());
    }

    private static final String CATEGORY = "category";
    private static final String RECORDS = "records";

    private byte[] zip(UUID request, Instant now, List<Section> sections, boolean portable, boolean categoriesOnly, Locale locale) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("request", request.toString());
        json.put("kind", portable ? "portability (GDPR Art. 20)" : categoriesOnly
                ? "categories (CCPA right to know the categories, their sources, purposes and recipients: §1798.110(a)(1)-(4))"
                : "access (GDPR Art. 15, CCPA right to know)");
        json.put("generatedAt", now.toString());
        json.put("controller", Map.of("name", dataMap.controller().name(), "address", dataMap.controller().address(),
                "contact", dataMap.controller().contact(), "dpo", dataMap.controller().dpo(),
                "supervisoryAuthority", dataMap.controller().supervisoryAuthority()));
        Map<String, Object> data = new LinkedHashMap<>();
        sections.forEach(s -> data.put(s.key(), s.rows()));
        json.put("data", data);
        var notice = notices.current(locale.getLanguage());
        if (!portable) json.put("privacyNotice", Map.of("version", notice.version(), "language", notice.language(), "sha256", notice.sha256()));
        Context context = new Context(locale);
        context.setVariable("sections", sections);
        context.setVariable("portable", portable);
        context.setVariable("categories", categoriesOnly);
        context.setVariable("generatedAt", now);
        context.setVariable("controller", dataMap.controller());
        context.setVariable("notice", notice);
        // a purpose is shown by its name in the register, in the person's language (an id the register no longer holds, as it is)
        Map<String, String> purposeNames = new LinkedHashMap<>();
        dataMap.purposes().forEach((id, purpose) -> purposeNames.put(id, purpose.name().in(locale)));
        context.setVariable("purposeNames", purposeNames);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            entry(out, "index.html", templates.process("rights/data-package", context));
            entry(out, "data.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            for (Section section : sections) entry(out, section.key() + ".csv", csv(section));
            if (!portable) entry(out, "privacy-notice-" + notice.language() + ".txt", notice.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    /** RFC 4180: every field quoted, quotes doubled, CRLF line ends; a field starting with = + - @ is prefixed with ' (no formula). */
    static String csv(Section section) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", section.columns().stream().map(AccessPackages::quote).toList())).append("\r\n");
        for (Map<String, String> row : section.rows()) {
            out.append(String.join(",", section.columns().stream().map(c -> quote(row.getOrDefault(c, ""))).toList())).append("\r\n");
        }
        return out.toString();
    }

    private static String quote(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    /** The package, when it exists and has not expired. */
    @Transactional(readOnly = true)
    public Optional<Stored> find(UUID id) {
        return jdbc.sql("SELECT id, request_id, subject_id, expires_at, downloads FROM access_package WHERE id = ? AND expires_at > ?")
                .params(id, utc(clock.instant()))
                .query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), new SubjectId(rs.getObject(3, UUID.class)),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getInt(5))).optional();
    }

    /** A request's packages that have not expired, oldest first. */
    @Transactional(readOnly = true)
    public List<Stored> ofRequest(UUID request) {
        return jdbc.sql("SELECT id, request_id, subject_id, expires_at, downloads FROM access_package WHERE request_id = ? AND expires_at > ?"
                        + " ORDER BY expires_at, id")
                .params(request, utc(clock.instant()))
                .query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), new SubjectId(rs.getObject(3, UUID.class)),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getInt(5))).list();
    }

    /** The zip, decrypted, counting the download. */
    @Transactional
    public byte[] download(UUID id) {
        byte[] sealed = jdbc.sql("SELECT content FROM access_package WHERE id = ? AND expires_at > ?").params(id, utc(clock.instant()))
                .query((rs, n) -> rs.getBytes(1)).optional().orElseThrow(() -> new RightsRequests.LinkRefused("expired"));
        jdbc.sql("UPDATE access_package SET downloads = downloads + 1 WHERE id = ?").param(id).update();
        return box.open(context(id), sealed);
    }

    /** Packages past their time are deleted. */
    @Scheduled(fixedDelayString = "${custodia.rights.expiry-interval:PT1H}", initialDelayString = "${custodia.rights.expiry-interval:PT1H}")
    @Transactional
    public int deleteExpired() {
        return jdbc.sql("DELETE FROM access_package WHERE expires_at <= ?").param(utc(clock.instant())).update();
    }

    /** An erased person's packages go with them, in the erasure's transaction. */
    @EventListener
    void erased(SubjectErased event) {
        jdbc.sql("DELETE FROM access_package WHERE subject_id = ?").param(event.subject().value()).update();
    }

    private static String context(UUID id) {
        return "access-package:" + id;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

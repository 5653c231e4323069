package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.access.scan.FindingKind;
import io.custodia.datamap.LegalBasis;
import io.custodia.people.DealStage;
import io.custodia.people.InteractionKind;
import io.custodia.people.Jurisdiction;
import io.custodia.people.PersonField;
import io.custodia.policy.PurposeRefusedException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every string the staff UI shows comes from messages, in English and in French (petclinic's check for
 * hard-coded template strings, plus the keys the templates and the web controllers use).
 */
class TemplatesUseMessagesTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path TEMPLATES = RESOURCES.resolve("templates");
    private static final Path WEB_SOURCES = Path.of("src/main/java/io/custodia/web");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{\\s*([A-Za-z0-9_.\\-]+)\\s*[}(]");
    /** Message keys written in the web controllers: flash notices, hints, refusal pages, single form errors. */
    private static final Pattern JAVA_KEY = Pattern.compile(
            "\"((?:person|persons|organisation|organisations|deal|deals|interaction|error|purpose|account)\\.[\\w.\\-]+)\"");

    @Test
    void templatesShowNoHardCodedText() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path template : templates()) {
            for (String problem : TemplateText.hardCoded(Files.readString(template))) {
                problems.add(TEMPLATES.relativize(template) + " " + problem);
            }
        }
        assertThat(problems).as("text in templates must come from messages (th:text=\"#{...}\")").isEmpty();
    }

    @Test
    void theCheckFindsHardCodedTextNodesAndAttributes() {
        String template = """
                <div>
                  <h1 th:text="#{persons.title}">Persons</h1>
                  <p>Hello <b th:text="${name}">you</b></p>
                  <input type="submit" value="Save">
                  <input type="hidden" name="q" value="kept">
                  <input type="search" placeholder="Search" th:placeholder="#{persons.search.placeholder}">
                  <img src="x.png" alt="Logo">
                  <!--/* A comment is not shown. */-->
                  <span>– 42 →</span>
                  <script>let text = "code";</script>
                </div>
                """;
        assertThat(TemplateText.hardCoded(template)).containsExactly(
                "line 3: Hello", "line 4: value=\"Save\"", "line 7: alt=\"Logo\"");
    }

    @Test
    void everyKeyUsedInTemplatesExistsInEnglishAndFrench() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path template : templates()) {
            Matcher m = TEMPLATE_KEY.matcher(Files.readString(template));
            while (m.find()) used.add(m.group(1));
        }
        assertThat(used).as("keys found in templates").hasSizeGreaterThan(100);
        assertThat(english().stringPropertyNames()).containsAll(used);
        assertThat(french().stringPropertyNames()).containsAll(used);
    }

    @Test
    void everyKeyWrittenInTheWebControllersExists() throws IOException {
        Set<String> dataMapFields = dataMapFieldIds();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.list(WEB_SOURCES)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = JAVA_KEY.matcher(Files.readString(source));
                while (m.find()) {
                    if (!dataMapFields.contains(m.group(1))) used.add(m.group(1));
                }
            }
        }
        assertThat(used).contains("person.created", "error.note-refused", "persons.search.too-short");
        assertThat(english().stringPropertyNames()).containsAll(used);
    }

    @Test
    void englishAndFrenchHaveTheSameKeys() throws IOException {
        assertThat(new TreeSet<>(french().stringPropertyNames())).isEqualTo(new TreeSet<>(english().stringPropertyNames()));
    }

    /** Keys the templates build from values: one message per stage, kind, basis, field, finding and refusal. */
    @Test
    void everyLabelBuiltFromAValueHasAMessage() throws IOException {
        List<String> keys = new ArrayList<>();
        Arrays.stream(DealStage.values()).forEach(s -> keys.add("deal.stage." + s));
        Arrays.stream(InteractionKind.values()).forEach(k -> keys.add("interaction.kind." + k));
        Arrays.stream(LegalBasis.values()).forEach(b -> keys.add("basis." + b.key()));
        Arrays.stream(Jurisdiction.values()).forEach(j -> keys.add("jurisdiction." + j));
        Arrays.stream(PersonField.values()).forEach(f -> keys.add("person.field." + f.json()));
        Arrays.stream(PurposeRefusedException.Reason.values()).forEach(r -> keys.add("purpose.refused." + r));
        Arrays.stream(FindingKind.values()).filter(k -> k != FindingKind.SPECIAL_CATEGORY).forEach(k -> keys.add("flag." + k));
        specialCategories().forEach(c -> keys.add("flag.special." + c));
        List.of("en", "fr").forEach(l -> keys.add("language." + l));
        List.of(403, 404, 410, 500).forEach(s -> keys.addAll(List.of("error." + s + ".title", "error." + s + ".text")));

        assertThat(english().stringPropertyNames()).containsAll(keys);
        assertThat(french().stringPropertyNames()).containsAll(keys);
    }

    @Test
    void flagKeysFollowWhatTheScanRecords() {
        assertThat(PersonViews.flagKeys(List.of("PHONE", "SPECIAL_CATEGORY:health")))
                .containsExactly("flag.PHONE", "flag.special.health");
    }

    @Test
    void frenchIsValidUtf8WithItsAccents() throws IOException {
        byte[] bytes = Files.readAllBytes(RESOURCES.resolve("messages_fr.properties"));
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new AssertionError("messages_fr.properties must be UTF-8 (Spring Boot reads messages as UTF-8)", e);
        }
        assertThat(french().getProperty("persons.search.label")).isEqualTo("Rechercher des personnes");
        assertThat(french().getProperty("deal.field.stage")).isEqualTo("Étape");
        assertThat(french().getProperty("purpose.none")).contains("rôles", "\u00a0;");
    }

    /** Maven's jar packaging leaves out every file named package.html (a javadoc convention): a template so named is missing from the app. */
    @Test
    void noTemplateIsNamedPackageHtml() throws IOException {
        assertThat(templates()).noneMatch(p -> p.getFileName().toString().equals("package.html"));
    }

    /** MessageFormat swallows a straight apostrophe in a message with arguments; the typographic ’ is safe. */
    @Test
    void messagesUseTheTypographicApostrophe() throws IOException {
        for (Properties messages : List.of(english(), french())) {
            assertThat(messages.stringPropertyNames()).allSatisfy(key ->
                    assertThat(messages.getProperty(key)).as(key).doesNotContain("'"));
        }
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            List<Path> templates = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
            assertThat(templates).as("templates under " + TEMPLATES).isNotEmpty();
            return templates;
        }
    }

    private static Properties english() throws IOException {
        return load("messages.properties");
    }

    private static Properties french() throws IOException {
        return load("messages_fr.properties");
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Set<String> specialCategories() throws IOException {
        Set<String> categories = new TreeSet<>();
        for (String line : Files.readAllLines(RESOURCES.resolve("scan/special-categories.txt"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#") && line.contains("\t")) categories.add(line.split("\t")[0].strip());
        }
        assertThat(categories).contains("health");
        return categories;
    }

    private static Set<String> dataMapFieldIds() throws IOException {
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+(\\w+\\.\\w+):").matcher(Files.readString(RESOURCES.resolve("datamap/default-datamap.yml")));
        while (m.find()) ids.add(m.group(1));
        return ids;
    }
}

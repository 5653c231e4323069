package io.custodia.admin;

import io.custodia.people.PersonInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.datafaker.Faker;
import org.jspecify.annotations.Nullable;

/**
 * Realistic French and American contacts (Datafaker names and streets, real cities and postal codes,
 * emails derived from the name, phones in national formats, jurisdiction consistent with the country),
 * deterministic for a seed. Some notes carry a phone number, an email or a health term, so that the
 * note scanner's flags show in demos and its cost is part of benchmarks.
 */
public final class PersonGenerator {

    private static final List<String> TAGS = List.of("vip", "newsletter", "partner", "churn-risk", "event-2026",
            "decision-maker", "beta-tester");
    private static final List<String> FR_JOBS = List.of("Directrice commerciale", "Directeur commercial", "Responsable des achats",
            "Acheteuse", "DSI", "Directeur administratif et financier", "Cheffe de projet", "Chef de projet digital",
            "Responsable marketing", "Chargée de communication", "Office manager", "Directrice des ressources humaines",
            "Juriste", "Déléguée à la protection des données", "Ingénieur commercial", "Responsable grands comptes",
            "Contrôleur de gestion", "Gérant", "Présidente", "Responsable de la relation client");
    private static final List<City> FR_CITIES = List.of(new City("Paris", 75001, 20), new City("Paris", 75001, 20),
            new City("Paris", 75001, 20), new City("Lyon", 69001, 9), new City("Marseille", 13001, 16),
            new City("Toulouse", 31000, 1), new City("Nantes", 44000, 1), new City("Bordeaux", 33000, 1),
            new City("Lille", 59000, 1), new City("Strasbourg", 67000, 1), new City("Rennes", 35000, 1),
            new City("Montpellier", 34000, 1), new City("Nice", 6000, 1), new City("Grenoble", 38000, 1),
            new City("Boulogne-Billancourt", 92100, 1), new City("Issy-les-Moulineaux", 92130, 1));
    private static final List<City> CALIFORNIA = List.of(new City("San Francisco", 94102, 30), new City("Los Angeles", 90001, 90),
            new City("San Diego", 92101, 40), new City("San Jose", 95110, 30), new City("Oakland", 94601, 20),
            new City("Sacramento", 95811, 30), new City("Palo Alto", 94301, 5), new City("Irvine", 92602, 20),
            new City("Berkeley", 94702, 9), new City("Santa Monica", 90401, 5));
    private static final List<String> CALIFORNIA_AREA = List.of("415", "213", "619", "408", "510", "916", "650", "949", "310");
    private static final List<City> US_OTHER = List.of(new City("New York", 10001, 40), new City("Chicago", 60601, 50),
            new City("Boston", 2108, 20), new City("Seattle", 98101, 20), new City("Austin", 78701, 40),
            new City("Miami", 33101, 40), new City("Atlanta", 30301, 40), new City("Denver", 80201, 30));
    private static final List<String> US_OTHER_AREA = List.of("212", "312", "617", "206", "512", "305", "404", "303");

    private final Random random;
    private final Faker french;
    private final Faker american;
    /** Benchmarks number emails (unique without remembering them); demos remember them and add a digit on a clash. */
    private final boolean numbered;
    private final boolean tagged;
    private final Set<String> usedEmails = new HashSet<>();
    private long sequence;

    private PersonGenerator(long seed, boolean numbered, boolean tagged) {
        this.random = new Random(seed);
        this.french = new Faker(Market.FR.locale(), random);
        this.american = new Faker(Market.US.locale(), random);
        this.numbered = numbered;
        this.tagged = tagged;
    }

    /** Private individuals with unique, numbered emails and no tags: fast and light for millions of rows. */
    public static PersonGenerator forBenchmark(long seed) {
        return new PersonGenerator(seed, true, false);
    }

    /** Employees and individuals with natural emails and a few tags, for demos. */
    static PersonGenerator forDemo(long seed) {
        return new PersonGenerator(seed, false, true);
    }

    /** A company a demo contact works for: their email is at its domain and they live in its country. */
    record Employer(UUID id, String domain, Market market) {
    }

    /** The next {@code count} persons, private individuals of either market. */
    public List<PersonInput> next(int count) {
        List<PersonInput> persons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) persons.add(next(null));
        return persons;
    }

    /** The next person: an employee of {@code employer}, or a private individual when it is null. */
    PersonInput next(@Nullable Employer employer) {
        sequence++;
        Market market = employer == null ? Market.pick(random) : employer.market();
        Faker faker = market == Market.FR ? french : american;
        String first = faker.name().firstName();
        String last = faker.name().lastName();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("firstName", first);
        json.put("lastName", last);
        List<String> emails = new ArrayList<>();
        emails.add(employer == null ? privateEmail(first, last, market) : workEmail(first, last, employer.domain()));
        if (employer != null && random.nextInt(100) < 15) emails.add(privateEmail(first, last, market));
        json.put("emails", emails);
        boolean california = market == Market.US && random.nextInt(100) < 45;
        List<String> phones = new ArrayList<>();
        phones.add(market == Market.FR ? frenchMobile() : americanPhone(california));
        if (employer != null && random.nextInt(100) < 30) phones.add(market == Market.FR ? frenchLandline() : americanPhone(california));
        json.put("phones", phones);
        City city = market == Market.FR ? pick(FR_CITIES) : pick(california ? CALIFORNIA : US_OTHER);
        json.put("addressLine", market == Market.FR ? (1 + random.nextInt(140)) + " " + french.address().streetName().replace(", Voie", "")
                : american.address().streetAddress());
        json.put("postalCode", city.postalCode(random));
        json.put("city", city.name());
        json.put("country", market.country());
        json.put("language", market.language());
        json.put("jurisdiction", market == Market.FR ? "EU" : california ? "US_CA" : "OTHER");
        json.put("jobTitle", market == Market.FR ? pick(FR_JOBS) : american.job().title());
        json.put("source", market.source(random));
        String note = note(market, first, employer == null ? market.mailProvider(random) : employer.domain());
        if (note != null) json.put("notes", note);
        if (employer != null) json.put("organisationId", employer.id().toString());
        if (tagged) json.put("tags", tags());
        return PersonInput.fromJson(json, 0);
    }

    private String workEmail(String first, String last, String domain) {
        String f = Slugs.of(first, "-");
        String l = Slugs.of(last, "-");
        int style = random.nextInt(10);
        String local = style < 7 ? f + "." + l : style < 9 ? f.charAt(0) + l : f;
        return unique(local, domain);
    }

    private String privateEmail(String first, String last, Market market) {
        String local = Slugs.of(first, "-") + (random.nextBoolean() ? "." : "") + Slugs.of(last, "-");
        if (random.nextInt(3) == 0) local += 60 + random.nextInt(45);
        return unique(local, market.mailProvider(random));
    }

    private String unique(String local, String domain) {
        if (numbered) return local + "." + sequence + "@" + domain;
        String email = local + "@" + domain;
        for (int n = 2; !usedEmails.add(email); n++) email = local + n + "@" + domain;
        return email;
    }

    private String frenchMobile() {
        String digits = (random.nextBoolean() ? "6" : "7") + digits(8);
        return random.nextInt(4) == 0 ? "+33 " + digits.charAt(0) + pairs(digits.substring(1)) : "0" + digits.charAt(0) + pairs(digits.substring(1));
    }

    private String frenchLandline() {
        return "0" + (1 + random.nextInt(5)) + pairs(digits(8));
    }

    private String americanPhone(boolean california) {
        String area = pick(california ? CALIFORNIA_AREA : US_OTHER_AREA);
        String exchange = (2 + random.nextInt(8)) + digits(2);
        String line = digits(4);
        return switch (random.nextInt(3)) {
            case 0 -> "+1 " + area + "-" + exchange + "-" + line;
            case 1 -> "(" + area + ") " + exchange + "-" + line;
            default -> area + "." + exchange + "." + line;
        };
    }

    /** About a third of the persons get a note; a few of those carry what the note scanner flags. */
    private @Nullable String note(Market market, String first, String domain) {
        int roll = random.nextInt(100);
        boolean fr = market == Market.FR;
        if (roll >= 35) return null;
        if (roll < 3) return fr ? "En arrêt maladie jusqu'à la fin du mois, reprendre contact ensuite."
                : first + " mentioned their diabetes; avoid lunch meetings.";
        if (roll < 5) return fr ? "Absente pour grossesse à partir de juin, voir avec son binôme."
                : "On sick leave until next month, follow up gently.";
        if (roll < 10) return fr ? "Ligne directe de son assistante : " + frenchLandline()
                : "Assistant's direct line: " + americanPhone(false);
        if (roll < 13) return fr ? "Mettre en copie son assistant : assistant." + Slugs.of(first, "-") + "@" + domain
                : "Copy their assistant: assistant." + Slugs.of(first, "-") + "@" + domain;
        List<String> plain = fr
                ? List.of("Préfère être contacté le matin.", "Intéressé par l'offre Entreprise, budget validé pour le T3.",
                        "Décideur pour les achats logiciels.", "Rencontré au salon, à relancer en septembre.",
                        "Souhaite une démonstration avec son équipe juridique.", "Ne pas appeler le vendredi.")
                : List.of("Prefers calls in the morning.", "Interested in the Enterprise plan; budget approved for Q3.",
                        "Decision maker for software purchases.", "Met at the conference, follow up in September.",
                        "Wants a demo with their legal team.", "Prefers email over phone.");
        return pick(plain);
    }

    private List<String> tags() {
        Set<String> tags = new LinkedHashSet<>();
        int count = random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) tags.add(pick(TAGS));
        return List.copyOf(tags);
    }

    private String digits(int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) s.append((char) ('0' + random.nextInt(10)));
        return s.toString();
    }

    private static String pairs(String digits) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 2) s.append(' ').append(digits, i, i + 2);
        return s.toString();
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A city and its postal codes: {@code districts} consecutive codes from {@code firstCode} (75001-75020 for Paris). */
    private record City(String name, int firstCode, int districts) {
        String postalCode(Random random) {
            return String.format("%05d", firstCode + random.nextInt(districts));
        }
    }
}

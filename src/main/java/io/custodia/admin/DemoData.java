package io.custodia.admin;

import io.custodia.access.AccessRequest;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.people.DealService;
import io.custodia.people.DealStage;
import io.custodia.people.InteractionKind;
import io.custodia.people.InteractionService;
import io.custodia.people.Organisation;
import io.custodia.people.OrganisationService;
import io.custodia.people.PersonInput;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.datafaker.Faker;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Fills an instance with realistic demo data: French and American organisations, their contacts and
 * private individuals, interactions over the last two years, and deals across the pipeline. Everything
 * goes through the CRM services as the system acting for the {@code crm} purpose, so personal data is
 * encrypted by the gateway exactly as in real use. The same seed gives the same data.
 */
@Component
public class DemoData {

    /** The actor and purpose demo and benchmark data are written under. */
    public static final AccessRequest REQUEST = new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm");
    public static final long DEFAULT_SEED = 2026;
    private static final int BATCH = 500;
    /** Weights of the pipeline stages, in {@link DealStage} order: many leads, fewer deals at each later stage. */
    private static final int[] STAGE_WEIGHTS = {25, 20, 18, 12, 15, 10};

    private final OrganisationService organisations;
    private final PersonService persons;
    private final InteractionService interactions;
    private final DealService deals;
    private final Clock clock;

    DemoData(OrganisationService organisations, PersonService persons, InteractionService interactions, DealService deals,
            Clock clock) {
        this.organisations = organisations;
        this.persons = persons;
        this.interactions = interactions;
        this.deals = deals;
        this.clock = clock;
    }

    /** How much to create. Interactions need persons. */
    public record Counts(int persons, int organisations, int interactions, int deals) {

        public static final Counts DEFAULT = new Counts(200, 40, 1000, 60);

        public Counts {
            if (persons < 0 || organisations < 0 || interactions < 0 || deals < 0) {
                throw new IllegalArgumentException("demo data counts must be 0 or more");
            }
            if (interactions > 0 && persons == 0) {
                throw new IllegalArgumentException("interactions need persons: give --persons 1 or more");
            }
        }

        public String describe() {
            return persons + " persons, " + organisations + " organisations, " + interactions + " interactions, " + deals + " deals";
        }
    }

    /** Creates the demo data and returns what was created. */
    public Counts generate(Counts counts, long seed) {
        Random random = new Random(seed);
        Faker french = new Faker(Market.FR.locale(), random);
        Faker american = new Faker(Market.US.locale(), random);
        List<Company> companies = createOrganisations(counts.organisations(), random, french, american);
        List<Contact> contacts = createPersons(counts.persons(), companies, PersonGenerator.forDemo(seed ^ 0x5DEECE66DL), random);
        Instant now = clock.instant();
        InteractionWriter writer = new InteractionWriter(random, now);
        for (int i = 0; i < counts.interactions(); i++) {
            Contact contact = contacts.get(random.nextInt(contacts.size()));
            interactions.create(REQUEST, writer.next(contact));
        }
        createDeals(counts.deals(), companies, contacts, random, now);
        return counts;
    }

    private record Company(UUID id, String name, String domain, Market market) {
    }

    private record Contact(SubjectId id, Market market, @Nullable UUID organisation) {
    }

    private List<Company> createOrganisations(int count, Random random, Faker french, Faker american) {
        List<Company> created = new ArrayList<>(count);
        Set<String> domains = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Market market = random.nextInt(100) < 60 ? Market.FR : Market.US;
            Faker faker = market == Market.FR ? french : american;
            String name = faker.company().name();
            String base = Slugs.of(name.replaceAll("(?i)\\b(and sons|et fils|sa|sas|sarl|eurl|sem|scop|snc|ei|llc|inc|group)\\b", ""), "-");
            String domain = base + market.companyTld();
            for (int n = 2; !domains.add(domain); n++) domain = base + n + market.companyTld();
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", name);
            input.put("domain", domain);
            input.put("country", market.country());
            input.put("industry", faker.company().industry());
            Organisation organisation = organisations.create(input);
            created.add(new Company(organisation.id(), name, domain, market));
        }
        return created;
    }

    /** Four in five persons work for one of the organisations (when there are some); the others are private individuals. */
    private List<Contact> createPersons(int count, List<Company> companies, PersonGenerator generator, Random random) {
        List<Contact> created = new ArrayList<>(count);
        for (int from = 0; from < count; from += BATCH) {
            List<PersonInput> inputs = new ArrayList<>();
            List<@Nullable Company> employers = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                @Nullable Company employer = companies.isEmpty() || random.nextInt(5) == 0 ? null : companies.get(random.nextInt(companies.size()));
                employers.add(employer);
                inputs.add(generator.next(employer == null ? null
                        : new PersonGenerator.Employer(employer.id(), employer.domain(), employer.market())));
            }
            List<SubjectId> ids = persons.createAll(REQUEST, inputs);
            for (int i = 0; i < ids.size(); i++) {
                @Nullable Company employer = employers.get(i);
                Market market = "fr".equals(first(inputs.get(i), "language")) ? Market.FR : Market.US;
                created.add(new Contact(ids.get(i), market, employer == null ? null : employer.id()));
            }
        }
        return created;
    }

    private void createDeals(int count, List<Company> companies, List<Contact> contacts, Random random, Instant now) {
        Map<UUID, List<Contact>> staff = new HashMap<>();
        for (Contact c : contacts) if (c.organisation() != null) staff.computeIfAbsent(c.organisation(), k -> new ArrayList<>()).add(c);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (int i = 0; i < count; i++) {
            @Nullable Company company = companies.isEmpty() ? null : companies.get(random.nextInt(companies.size()));
            Market market = company == null ? Market.pick(random) : company.market();
            List<Contact> people = company == null ? contacts : staff.getOrDefault(company.id(), List.of());
            DealStage stage = stage(random);
            Map<String, Object> input = new LinkedHashMap<>();
            String product = DemoTexts.product(market, random);
            input.put("title", company == null ? product : product + " — " + company.name());
            if (company != null) input.put("organisationId", company.id().toString());
            if (!people.isEmpty()) input.put("contactId", people.get(random.nextInt(people.size())).id().toString());
            input.put("stage", stage.name());
            // Log-uniform from 2,000 to 250,000, rounded to the hundred: many small deals, a few large ones.
            long amount = Math.round(Math.exp(Math.log(2_000) + random.nextDouble() * Math.log(125)) / 100) * 100;
            input.put("amount", BigDecimal.valueOf(amount).setScale(2).toPlainString());
            input.put("currency", market == Market.FR ? "EUR" : "USD");
            input.put("expectedClose", (stage.closed() ? today.minusDays(random.nextInt(365)) : today.plusDays(7 + random.nextInt(180))).toString());
            deals.create(REQUEST.actor(), input);
        }
    }

    private static DealStage stage(Random random) {
        int roll = random.nextInt(100);
        for (DealStage stage : DealStage.values()) {
            roll -= STAGE_WEIGHTS[stage.ordinal()];
            if (roll < 0) return stage;
        }
        return DealStage.LEAD;
    }

    private static String first(PersonInput input, String json) {
        return input.values().entrySet().stream().filter(e -> e.getKey().json().equals(json) && e.getValue() != null)
                .map(e -> e.getValue().get(0)).findFirst().orElse("");
    }

    /** Interactions over the last two years, in the contact's language. */
    private static final class InteractionWriter {
        private final Random random;
        private final Instant now;

        InteractionWriter(Random random, Instant now) {
            this.random = random;
            this.now = now;
        }

        Map<String, Object> next(Contact contact) {
            InteractionKind kind = InteractionKind.values()[random.nextInt(InteractionKind.values().length)];
            Instant at = now.minus(Duration.ofMinutes(random.nextLong(Duration.ofDays(730).toMinutes())));
            return Map.of("personId", contact.id().toString(), "kind", kind.name(), "occurredAt", at.toString(),
                    "summary", DemoTexts.summary(kind, contact.market(), random));
        }
    }
}

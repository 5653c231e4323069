package io.custodia.people;

import io.custodia.access.AccessRequest;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.FieldDefinition;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.shared.PersonalDataExport;
import io.custodia.shared.SubjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The people module's part of a person's export: their record (every field, decrypted through the gateway
 * under the rights purpose, an audited read), their interactions, and the deals they are the contact of.
 * The fields the data map marks as provided by the person, used under consent or a contract, are portable.
 */
@Component
class PeopleExport implements PersonalDataExport {

    static final String PURPOSE = "data-subject-rights";
    private static final int MAX = 10_000;
    private static final int PAGE = PersonService.MAX_PAGE_SIZE;

    private final PersonService persons;
    private final InteractionService interactions;
    private final DealService deals;
    private final DataMap dataMap;

    PeopleExport(PersonService persons, InteractionService interactions, DealService deals, DataMap dataMap) {
        this.persons = persons;
        this.interactions = interactions;
        this.deals = deals;
        this.dataMap = dataMap;
    }

    @Override
    public List<Section> export(SubjectId subject) {
        AccessRequest request = new AccessRequest(Actor.system(Set.of(Role.DPO)), PURPOSE);
        Person person = persons.get(request, subject).orElse(null);
        if (person == null) return List.of();
        List<Section> sections = new ArrayList<>();
        Map<String, String> row = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        Set<String> portable = new LinkedHashSet<>();
        for (PersonField field : PersonField.values()) {
            columns.add(field.json());
            row.put(field.json(), field == PersonField.ORGANISATION ? orEmpty(person.organisationName()) : String.join("; ", person.values(field)));
            if (portable(field.fieldId())) portable.add(field.json());
        }
        columns.add("createdAt");
        row.put("createdAt", person.createdAt().toString());
        sections.add(new Section("person", columns, List.of(row), portable));

        List<Interaction> all = new ArrayList<>();
        for (int page = 0; all.size() < MAX; page++) {
            List<Interaction> found = interactions.ofPerson(request, subject, page, PAGE);
            all.addAll(found);
            if (found.size() < PAGE) break;
        }
        List<Map<String, String>> calls = new ArrayList<>();
        for (Interaction i : all) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("occurredAt", i.occurredAt().toString());
            r.put("kind", i.kind().name());
            r.put("summary", orEmpty(i.summary()));
            calls.add(r);
        }
        if (!calls.isEmpty()) sections.add(new Section("interactions", List.of("occurredAt", "kind", "summary"), calls, Set.of()));

        List<Map<String, String>> contactOf = new ArrayList<>();
        List<Deal> contact = new ArrayList<>();
        for (int page = 0; contact.size() < MAX; page++) {
            List<Deal> found = deals.list(null, subject, page, PAGE);
            contact.addAll(found);
            if (found.size() < PAGE) break;
        }
        for (Deal d : contact) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("title", d.title());
            r.put("stage", d.stage().name());
            r.put("amount", d.amount().toPlainString() + " " + d.currency());
            r.put("organisation", orEmpty(d.organisationName()));
            r.put("createdAt", d.createdAt().toString());
            contactOf.add(r);
        }
        if (!contactOf.isEmpty()) sections.add(new Section("deals", List.of("title", "stage", "amount", "organisation", "createdAt"), contactOf, Set.of()));
        return sections;
    }

    /** Provided by the person, and used by a purpose resting on consent or a contract (GDPR Art. 20(1)(a)). */
    private boolean portable(String fieldId) {
        FieldDefinition field = dataMap.fields().get(fieldId);
        if (field == null || !field.provided()) return false;
        for (Purpose purpose : dataMap.purposes().values()) {
            if (purpose.covers(fieldId) && (purpose.legalBasis() == LegalBasis.CONSENT || purpose.legalBasis() == LegalBasis.CONTRACT)) return true;
        }
        return false;
    }

    private static String orEmpty(@org.jspecify.annotations.Nullable String value) {
        return value == null ? "" : value;
    }

    @Override
    public Set<String> tables() {
        // the encrypted values of these rows are read through the gateway, under the rights purpose
        return Set.of("person", "interaction", "deal");
    }
}

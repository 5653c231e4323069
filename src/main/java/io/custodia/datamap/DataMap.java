package io.custodia.datamap;

import io.custodia.identity.Role;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated processing register. Immutable; everything Custodia enforces about purposes,
 * fields and retention is read from here.
 */
public record DataMap(int version, String source, Controller controller, Map<String, FieldDefinition> fields,
        Map<String, Purpose> purposes, Map<String, Recipient> recipients, LocalizedList securityMeasures) {

    /** Security measures, per language (GDPR Art. 30(1)(g), Art. 32). */
    public record LocalizedList(List<String> en, List<String> fr) {
    }

    public DataMap {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        purposes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(purposes));
        recipients = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(recipients));
    }

    public Optional<Purpose> purpose(String id) {
        return Optional.ofNullable(purposes.get(id));
    }

    public Optional<FieldDefinition> field(String id) {
        return Optional.ofNullable(fields.get(id));
    }

    /** True when at least one purpose needs the field: only such a field may be stored (invariant 5). */
    public boolean isDeclared(String fieldId) {
        return purposes.values().stream().anyMatch(p -> p.covers(fieldId));
    }

    /** The purposes the given roles may act for, in register order. */
    public List<Purpose> purposesFor(Set<Role> roles) {
        return purposes.values().stream().filter(p -> p.grantedToAny(roles)).toList();
    }

    public Collection<FieldDefinition> fieldsOf(String record) {
        return fields.values().stream().filter(f -> f.record().equals(record)).toList();
    }
}

package io.custodia.access;

import io.custodia.datamap.DataMap;
import io.custodia.datamap.FieldDefinition;
import java.util.stream.Collectors;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At start, checks that every field of the data map has its encrypted column in the vault, so a
 * register that names a field the schema cannot store stops start-up with a message naming it.
 */
@Component
class VaultSchemaCheck implements SmartInitializingSingleton {

    private final DataMap dataMap;
    private final JdbcClient jdbc;

    VaultSchemaCheck(DataMap dataMap, JdbcClient jdbc) {
        this.dataMap = dataMap;
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var byRecord = dataMap.fields().values().stream().collect(Collectors.groupingBy(FieldDefinition::record));
        byRecord.forEach((record, fields) -> {
            VaultTable table = VaultTable.of(record).orElseThrow(() -> new IllegalStateException(
                    "Data map " + dataMap.source() + ": field '" + fields.get(0).id() + "' belongs to record kind '"
                            + record + "', which Custodia does not store; known kinds: person, interaction"));
            for (FieldDefinition field : fields) {
                try {
                    jdbc.sql("SELECT " + String.join(", ", PersonalDataGateway.storedColumns(java.util.List.of(field)))
                            + " FROM " + table.table() + " WHERE 1 = 0").query().listOfRows();
                } catch (DataAccessException e) {
                    throw new IllegalStateException("Data map " + dataMap.source() + ": field '" + field.id()
                            + "' has no encrypted column '" + field.name() + (field.scan() ? "' (or its scan column '" + PersonalDataGateway.flagsColumn(field) : "")
                            + "' in table " + table.table()
                            + "; add it with a migration or remove the field", e);
                }
            }
        });
    }
}

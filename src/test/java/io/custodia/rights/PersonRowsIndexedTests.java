package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Erasure finds a person's rows in every module by the person's id (GDPR Art. 17(1): "without undue delay"),
 * and the person's page and access package read them the same way: so every column that holds a person's id
 * leads an index. Without one, each erasure reads the whole table (campaign messages did: their key starts with
 * the campaign), and the table grows with every campaign or request.
 */
abstract class PersonRowsIndexedTests {

    /** Columns that hold a person's id but are never searched by it, and why. */
    private static final Map<String, String> NOT_SEARCHED = Map.of(
            "recipient_notice.subject_id", "kept as evidence that recipients were told (Art. 19); listed by request, never by person");

    @Autowired
    DataSource dataSource;

    @Test
    void everyColumnHoldingAPersonsIdLeadsAnIndex() throws Exception {
        List<String> unindexed = new ArrayList<>();
        int checked = 0;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String schema = connection.getSchema();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            }
            for (String table : tables) {
                Set<String> personColumns = new HashSet<>();
                try (ResultSet rs = meta.getColumns(null, schema, table, "%")) {
                    while (rs.next()) {
                        String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                        if (column.equals("subject_id") || column.endsWith("_subject_id")) personColumns.add(column);
                    }
                }
                if (personColumns.isEmpty()) continue;
                Set<String> leading = new HashSet<>();
                try (ResultSet rs = meta.getIndexInfo(null, schema, table, false, true)) {
                    while (rs.next()) {
                        if (rs.getShort("ORDINAL_POSITION") == 1 && rs.getString("COLUMN_NAME") != null) {
                            leading.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                }
                for (String column : personColumns) {
                    String name = table.toLowerCase(Locale.ROOT) + "." + column;
                    checked++;
                    if (!leading.contains(column) && !NOT_SEARCHED.containsKey(name)) unindexed.add(name);
                }
            }
        }
        assertThat(checked).as("columns holding a person's id").isGreaterThan(10);
        assertThat(unindexed).as("columns holding a person's id that no index starts with").isEmpty();
    }
}

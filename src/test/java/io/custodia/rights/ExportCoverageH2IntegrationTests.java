package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.shared.PersonalDataExport;
import io.custodia.support.OnH2;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Nothing forgotten: every table that keeps rows about a person (a column holding a person's id) is
 * declared by some module's {@link PersonalDataExport}, so an access request covers it, and a module added
 * later without one fails here.
 */
@OnH2
class ExportCoverageH2IntegrationTests {

    /** Tables that hold a person's id but nothing to give them, and why. */
    static final Map<String, String> NOT_EXPORTED = Map.of(
            "subject_key", "the person's data key itself: never given out, destroyed on erasure",
            "person_data", "the vault: its values are exported decrypted, through the gateway, in the people module's sections",
            "interaction_data", "the vault: as person_data",
            "blind_index", "keyed digests of the values exported in the people module's sections, nothing more");

    @Autowired
    AccessPackages packages;
    @Autowired
    DataSource dataSource;

    @Test
    void everyTableAboutAPersonIsExportedBySomeModule() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (PersonalDataExport export : packages.exports()) export.tables().forEach(t -> declared.add(t.toLowerCase(Locale.ROOT)));
        Set<String> aboutPersons = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); ResultSet columns = connection.getMetaData().getColumns(null,
                connection.getSchema(), "%", "%")) {
            while (columns.next()) {
                String column = columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                if (column.equals("subject_id") || column.endsWith("_subject_id")) aboutPersons.add(columns.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        assertThat(aboutPersons).contains("person", "consent_event", "audit_entry", "rights_request_subject");
        Set<String> missing = new TreeSet<>(aboutPersons);
        missing.removeAll(declared);
        missing.removeAll(NOT_EXPORTED.keySet());
        assertThat(missing).as("tables holding a person's id that no PersonalDataExport declares").isEmpty();
        assertThat(packages.exports()).hasSizeGreaterThanOrEqualTo(5);
    }
}

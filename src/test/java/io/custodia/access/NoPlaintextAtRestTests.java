package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Invariant 1: after real use of the API, no distinctive personal value appears in plaintext in any
 * column of any table, nor in the application's log output.
 */
@ExtendWith(OutputCaptureExtension.class)
@SuppressWarnings("unchecked")
abstract class NoPlaintextAtRestTests {

    @Autowired
    AccountService accounts;
    @Autowired
    DataSource dataSource;
    @LocalServerPort
    int port;

    @Test
    void storesNoPersonalValueInPlaintextAnywhere(CapturedOutput output) throws Exception {
        String u = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        List<String> planted = List.of("Quintilien" + u, "Zebulonne" + u, "quintilien." + u + "@plante.example",
                "+33 6 4" + digits(u) + "", "Rue Secrete " + u, "Auditrice" + u, "Memo" + u + "confidentiel", "Ville" + u, "Etiquette" + u,
                // what the scan finds is personal data too (here: the notes mention health)
                "SPECIAL_CATEGORY");
        Api sales = Staff.apiFor(accounts, port, Role.SALES);
        var org = sales.post("/api/v1/organisations", null, Map.of("name", "Planted Org " + u, "country", "FR"));
        var created = sales.post("/api/v1/persons", "crm", Map.of("firstName", planted.get(0), "lastName", planted.get(1),
                "emails", List.of(planted.get(2)), "phones", List.of(planted.get(3)), "addressLine", planted.get(4),
                "jobTitle", planted.get(5), "notes", planted.get(6) + " diabète", "city", planted.get(7),
                "tags", List.of(planted.get(8)), "organisationId", org.get("id")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = (String) created.get("id");
        assertThat(sales.post("/api/v1/interactions", "crm", Map.of("personId", id, "kind", "CALL",
                "summary", "Appel avec " + planted.get(0) + " au " + planted.get(3) + ", hospitalisée")).status()).isEqualTo(201);
        assertThat((List<Object>) sales.get("/api/v1/persons/" + id, "crm").get("flags")).contains("SPECIAL_CATEGORY:health");
        // reads and searches, so that every path has run
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);
        assertThat(sales.post("/api/v1/persons/search", "crm", Map.of("query", planted.get(2))).items()).hasSize(1);
        assertThat(sales.post("/api/v1/persons/search", "crm", Map.of("query", planted.get(0))).items()).hasSize(1);
        sales.patch("/api/v1/persons/" + id, "crm", Map.of("jobTitle", planted.get(5) + "bis"));

        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String schema = connection.getSchema();
            try (ResultSet tables = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (tables.next()) {
                    String table = tables.getString("TABLE_NAME");
                    found.addAll(scan(connection, table, planted));
                }
            }
        }
        assertThat(found).as("plaintext personal values found in the database").isEmpty();
        assertThat(output.getAll()).as("application log").doesNotContain(planted);
    }

    private static List<String> scan(Connection connection, String table, List<String> planted) throws Exception {
        List<String> found = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int c = 1; c <= columns; c++) {
                    Object object = rows.getObject(c);
                    String asText = object instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                            : object == null ? "" : object.toString();
                    for (String value : planted) {
                        if (asText.contains(value) || asText.contains(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                            found.add(table + "." + rows.getMetaData().getColumnName(c));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static String digits(String u) {
        StringBuilder d = new StringBuilder();
        for (char ch : u.toCharArray()) d.append(ch % 10);
        return d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4, 6) + " " + d.substring(6, 8);
    }
}

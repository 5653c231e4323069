package io.custodia.bench;

import io.custodia.people.PersonField;
import io.custodia.people.PersonInput;
import io.custodia.shared.SubjectId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a CRM without Custodia's protections does: one row per person, every value in plaintext, an
 * index on email. Same database, same connection pool, same batches and transactions as Custodia's side.
 */
final class Baseline {

    private static final List<PersonField> COLUMNS = List.of(PersonField.FIRST_NAME, PersonField.LAST_NAME, PersonField.PHONES,
            PersonField.ADDRESS_LINE, PersonField.POSTAL_CODE, PersonField.CITY, PersonField.COUNTRY, PersonField.JOB_TITLE,
            PersonField.LANGUAGE, PersonField.JURISDICTION, PersonField.SOURCE, PersonField.NOTES);
    private static final String INSERT;

    static {
        StringBuilder sql = new StringBuilder("INSERT INTO baseline_person (id, email, emails, created_at");
        COLUMNS.forEach(c -> sql.append(", ").append(column(c)));
        INSERT = sql.append(") VALUES (?, ?, ?, ?").append(", ?".repeat(COLUMNS.size())).append(")").toString();
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    Baseline(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    void createTable() {
        StringBuilder sql = new StringBuilder("CREATE TABLE baseline_person (id UUID PRIMARY KEY, email VARCHAR(254) NOT NULL, "
                + "emails TEXT, created_at TIMESTAMP WITH TIME ZONE NOT NULL");
        COLUMNS.forEach(c -> sql.append(", ").append(column(c)).append(" TEXT"));
        jdbc.execute(sql.append(")").toString());
        jdbc.execute("CREATE INDEX ix_baseline_person_email ON baseline_person (email)");
    }

    /** Inserts the same persons, under the same ids, in one transaction and one JDBC batch. */
    void insert(List<SubjectId> ids, List<PersonInput> persons) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>(persons.size());
        for (int i = 0; i < persons.size(); i++) {
            Map<PersonField, List<String>> values = persons.get(i).values();
            List<String> emails = values.get(PersonField.EMAILS);
            Object[] row = new Object[COLUMNS.size() + 4];
            row[0] = ids.get(i).value();
            row[1] = emails.get(0).toLowerCase(java.util.Locale.ROOT);
            row[2] = String.join("\n", emails);
            row[3] = now;
            for (int c = 0; c < COLUMNS.size(); c++) {
                List<String> v = values.get(COLUMNS.get(c));
                row[c + 4] = v == null ? null : String.join("\n", v);
            }
            rows.add(row);
        }
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, rows));
    }

    /** Exact lookup of a plaintext email through its index, returning the whole row. */
    List<Map<String, Object>> findByEmail(String email) {
        return jdbc.queryForList("SELECT * FROM baseline_person WHERE email = ?", email.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** Reads one person's row by primary key. */
    Map<String, Object> read(UUID id) {
        return jdbc.queryForMap("SELECT * FROM baseline_person WHERE id = ?", id);
    }

    /** A random sample of about {@code size} persons spread over the whole table. */
    List<Sampled> sample(int size, long total) {
        double fraction = Math.min(1.0, 1.5 * size / Math.max(1, total));
        List<Sampled> sample = new ArrayList<>(jdbc.query("SELECT id, email FROM baseline_person WHERE random() < ? LIMIT ?",
                (rs, n) -> new Sampled(new SubjectId(rs.getObject(1, UUID.class)), rs.getString(2)), fraction, size));
        java.util.Collections.shuffle(sample, new java.util.Random(size));
        return sample;
    }

    record Sampled(SubjectId id, String email) {
    }

    private static String column(PersonField field) {
        return field.fieldId().substring(field.fieldId().indexOf('.') + 1);
    }
}

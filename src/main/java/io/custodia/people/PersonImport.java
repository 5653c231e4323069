package io.custodia.people;

import io.custodia.access.AccessRequest;
import io.custodia.people.InvalidInputException.FieldError;
import io.custodia.shared.SubjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports persons from JSON or CSV, all or nothing: every row is checked first, and any error — named
 * by row and field — means nothing is written. CSV columns are the JSON field names; emails, phones
 * and tags hold several values separated by {@code |}.
 */
@Service
public class PersonImport {

    /** Larger files are split by the caller; one import is one transaction. */
    public static final int MAX_ROWS = 10_000;
    private final PersonService persons;

    PersonImport(PersonService persons) {
        this.persons = persons;
    }

    @Transactional
    public List<SubjectId> importJson(AccessRequest request, List<?> rows) {
        if (rows.isEmpty() || rows.size() > MAX_ROWS) {
            throw InvalidInputException.of("rows", "count", "an import holds 1 to " + MAX_ROWS + " rows, this one has " + rows.size());
        }
        List<PersonInput> inputs = new ArrayList<>(rows.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i) instanceof Map<?, ?> map)) {
                errors.add(new FieldError("row", "wrong-type", "each row must be a JSON object", i + 1));
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            map.forEach((k, v) -> row.put(String.valueOf(k), v));
            try {
                PersonInput input = PersonInput.fromJson(row, i + 1);
                if (!input.identifiesSomeone()) errors.add(PersonInput.identityRequired(i + 1));
                inputs.add(input);
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
            if (errors.size() >= 100) break;
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return persons.createAll(request, inputs);
    }

    @Transactional
    public List<SubjectId> importCsv(AccessRequest request, String csv) {
        List<List<String>> records = CsvReader.parse(csv);
        if (records.size() < 2) {
            throw InvalidInputException.of("csv", "empty", "the CSV needs a header line naming the fields and at least one row");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        checkHeader(header);
        List<Map<String, Object>> rows = new ArrayList<>();
        // every row whose shape is wrong is named in one answer (each by its number, from 1 after the header), as the
        // mistakes in the values are
        List<InvalidInputException.FieldError> shapes = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.size() != header.size()) {
                shapes.add(new InvalidInputException.FieldError("row", "columns", "has " + record.size() + " columns, the header has "
                        + header.size(), r));
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            boolean shaped = true;
            for (int c = 0; c < header.size(); c++) {
                String name = header.get(c);
                String value = record.get(c).strip();
                if (name.isEmpty()) {
                    if (!value.isEmpty() && shaped) {
                        // the value is not repeated back: it may be personal
                        shapes.add(new InvalidInputException.FieldError("row", "unnamed-column", "has a value in column " + (c + 1)
                                + ", which the header does not name", r));
                        shaped = false;
                    }
                    continue;
                }
                boolean list = name.equals("tags") || PersonField.ofJson(name).map(PersonField::multi).orElse(false);
                if (value.isEmpty()) continue;
                row.put(name, list ? List.of(value.split("\\|")).stream().map(String::strip).filter(v -> !v.isEmpty()).toList() : value);
            }
            rows.add(row);
        }
        if (!shapes.isEmpty()) throw new InvalidInputException(shapes);
        return importJson(request, rows);
    }

    /**
     * The first line must name known fields, each once. An unknown name is said by its column, never repeated back:
     * a CSV sent without its header line has a person's values there.
     */
    private static void checkHeader(List<String> header) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            String column = "header column " + (c + 1);
            // a trailing separator (firstName;lastName;) leaves a column without a name: its cells must then be empty
            if (name.isEmpty()) continue;
            if (PersonField.ofJson(name).isEmpty()) {
                errors.add(new InvalidInputException.FieldError(column, "unknown-field", "is not a field name: the first line must name the fields"
                        + " (known fields: " + PersonField.jsonNames() + ")", 0));
            } else if (seen.putIfAbsent(name, c + 1) != null) {
                errors.add(new InvalidInputException.FieldError(column, "duplicate-field", "names the same field as column " + seen.get(name), 0));
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
    }
}

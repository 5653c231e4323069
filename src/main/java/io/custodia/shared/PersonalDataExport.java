package io.custodia.shared;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one module holds on a person, for their access and portability requests (GDPR Art. 15, 20; CCPA
 * right to know). Every module that stores rows about a person implements it; the rights module finds them
 * all, so a module added later is not forgotten (a test checks that every table holding a person's id is
 * declared by one).
 */
public interface PersonalDataExport {

    /** The module's sections for this person, in order; none when it holds nothing on them. */
    List<Section> export(SubjectId subject);

    /** The tables this module keeps rows about a person in. */
    Set<String> tables();

    /**
     * One table of the export.
     *
     * @param key             a stable name ({@code person}, {@code interactions}, …): the CSV file's name, the JSON key,
     *                        the heading's message key ({@code export.section.<key>})
     * @param columns         the columns, in order
     * @param rows            one map per row, column → value (never null; empty for no value)
     * @param portableColumns the columns that hold data the person provided, for a purpose resting on consent or a
     *                        contract (GDPR Art. 20): what a portability request receives; empty when none
     */
    record Section(String key, List<String> columns, List<Map<String, String>> rows, Set<String> portableColumns) {

        public Section {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            portableColumns = Set.copyOf(portableColumns);
        }
    }
}

package io.custodia.policy;

import io.custodia.datamap.Purpose;
import java.util.Set;

/**
 * What a use of personal data may touch.
 *
 * @param permitted fields of the record the purpose allows (minimisation, Art. 5(1)(c) and Art. 25)
 * @param withheld  fields of the record that exist but the purpose does not need
 */
public record Decision(Purpose purpose, Set<String> permitted, Set<String> withheld) {

    public Decision {
        permitted = Set.copyOf(permitted);
        withheld = Set.copyOf(withheld);
    }

    public boolean permits(String field) {
        return permitted.contains(field);
    }
}

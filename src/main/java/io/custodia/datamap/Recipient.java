package io.custodia.datamap;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A recipient of personal data (GDPR Art. 4(9)): an internal team, a processor or a third party. */
public record Recipient(String id, LocalizedText name, String kind, @Nullable String country,
        @Nullable String safeguard) {

    /** EU and EEA member states (ISO 3166-1 alpha-2); a transfer elsewhere needs a safeguard (GDPR Art. 44-46). */
    static final Set<String> EEA = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
            "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
            "IS", "LI", "NO");

    public boolean outsideEea() {
        return country != null && !EEA.contains(country);
    }
}

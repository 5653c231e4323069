package io.custodia.datamap;

import io.custodia.identity.Role;
import java.util.List;
import java.util.Set;

/**
 * A purpose of processing (GDPR Art. 5(1)(b)): what it is for, its legal basis, the fields it
 * needs and no more (Art. 5(1)(c), Art. 25), how long they are kept, who receives them, and the
 * staff roles that may act for it.
 *
 * @param aggregateOnly the purpose may only compute statistics over many persons, never read one person
 * @param selfService   the person themself may use it, on their own record only, through the privacy centre
 *                      (e.g. confirming a consent, changing their choices); staff use it through their roles
 * @param saleOrSharing the purpose sells personal information or shares it for cross-context behavioural
 *                      advertising (CCPA §1798.140(ad), (ah)): refused for a person who opted out (§1798.120, §7026)
 */
public record Purpose(String id, LocalizedText name, LocalizedText description, String dpvPurpose,
        LegalBasis legalBasis, boolean explicitConsent, List<String> subjects, Set<String> fields,
        RetentionRule retention, List<String> recipients, Set<Role> roles, boolean aggregateOnly, boolean selfService,
        boolean saleOrSharing) {

    /** A purpose that neither sells nor shares personal information. */
    public Purpose(String id, LocalizedText name, LocalizedText description, String dpvPurpose, LegalBasis legalBasis,
            boolean explicitConsent, List<String> subjects, Set<String> fields, RetentionRule retention,
            List<String> recipients, Set<Role> roles, boolean aggregateOnly, boolean selfService) {
        this(id, name, description, dpvPurpose, legalBasis, explicitConsent, subjects, fields, retention, recipients, roles, aggregateOnly,
                selfService, false);
    }

    /** A purpose that staff use through their roles only. */
    public Purpose(String id, LocalizedText name, LocalizedText description, String dpvPurpose, LegalBasis legalBasis,
            boolean explicitConsent, List<String> subjects, Set<String> fields, RetentionRule retention,
            List<String> recipients, Set<Role> roles, boolean aggregateOnly) {
        this(id, name, description, dpvPurpose, legalBasis, explicitConsent, subjects, fields, retention, recipients, roles, aggregateOnly, false);
    }

    /** A purpose that may read individual persons. */
    public Purpose(String id, LocalizedText name, LocalizedText description, String dpvPurpose, LegalBasis legalBasis,
            boolean explicitConsent, List<String> subjects, Set<String> fields, RetentionRule retention,
            List<String> recipients, Set<Role> roles) {
        this(id, name, description, dpvPurpose, legalBasis, explicitConsent, subjects, fields, retention, recipients, roles, false, false);
    }

    public Purpose {
        subjects = List.copyOf(subjects);
        fields = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(fields));
        recipients = List.copyOf(recipients);
        roles = Set.copyOf(roles);
    }

    public boolean covers(String fieldId) {
        return fields.contains(fieldId);
    }

    /** A direct-marketing purpose ({@code dpv:DirectMarketing}): an objection to it is absolute (GDPR Art. 21(3)). */
    public boolean directMarketing() {
        return "dpv:DirectMarketing".equals(dpvPurpose);
    }

    public boolean grantedToAny(Set<Role> staffRoles) {
        return staffRoles.stream().anyMatch(roles::contains);
    }
}

package io.custodia.datamap;

import io.custodia.identity.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates the data map. Every inconsistency is a {@link DataMapException} naming the
 * file, the line and the entry, so that start-up fails with a message the DPO can act on.
 */
public final class DataMapLoader {

    private static final Pattern FIELD_ID = Pattern.compile("[a-z]+\\.[a-z][a-z_]*");
    private static final Pattern CATEGORY = Pattern.compile("[a-z_]+(\\.[a-z_]+)+");
    private static final Pattern PURPOSE_ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final Pattern DPV_TERM = Pattern.compile("dpv:[A-Za-z]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public DataMap load(InputStream in, String source) {
        Node root;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // YamlNode reports duplicates itself, with their line
            root = new Yaml(new SafeConstructor(options)).compose(reader);
        } catch (YAMLException e) {
            throw new DataMapException(source + ": not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new DataMapException(source + ": cannot be read: " + e.getMessage());
        }
        if (root == null) {
            throw new DataMapException(source + ": the data map is empty");
        }
        return parse(new YamlNode(source, "", root), source);
    }

    private DataMap parse(YamlNode root, String source) {
        var top = new YamlNode.Entries(root,
                List.of("version", "controller", "fields", "purposes", "recipients", "security-measures"));
        YamlNode versionNode = top.required("version");
        int version;
        try {
            version = Integer.parseInt(versionNode.scalar());
        } catch (NumberFormatException e) {
            throw versionNode.error("version must be a whole number");
        }
        Controller controller = controller(top.required("controller"));
        Map<String, FieldDefinition> fields = fields(top.required("fields"));
        Map<String, Recipient> recipients = recipients(top.required("recipients"));
        Map<String, Purpose> purposes = purposes(top.required("purposes"), fields, recipients);
        var measures = new YamlNode.Entries(top.required("security-measures"), List.of("en", "fr"));
        var securityMeasures = new DataMap.LocalizedList(measures.required("en").scalars(),
                measures.required("fr").scalars());
        checkEveryFieldUsed(top.required("fields"), fields, purposes);
        return new DataMap(version, source, controller, fields, purposes, recipients, securityMeasures);
    }

    private Controller controller(YamlNode node) {
        var e = new YamlNode.Entries(node, List.of("name", "address", "contact", "dpo", "supervisory-authority"));
        return new Controller(e.required("name").scalar(), e.required("address").scalar(),
                e.required("contact").scalar(), e.required("dpo").scalar(),
                e.required("supervisory-authority").scalar());
    }

    private Map<String, FieldDefinition> fields(YamlNode node) {
        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        for (var entry : node.mapping().entrySet()) {
            String id = entry.getKey();
            YamlNode value = entry.getValue();
            if (!FIELD_ID.matcher(id).matches()) {
                throw value.error("field id '" + id + "' must look like record.field_name (lowercase)");
            }
            var e = new YamlNode.Entries(value, List.of("category", "provided", "multi", "index", "scan", "special"));
            YamlNode categoryNode = e.required("category");
            String category = categoryNode.scalar();
            if (!CATEGORY.matcher(category).matches()) {
                throw categoryNode.error("category '" + category + "' must be a dotted data category such as user.contact.email");
            }
            IndexKind index = IndexKind.NONE;
            YamlNode indexNode = e.optional("index");
            if (indexNode != null) {
                index = enumValue(indexNode, IndexKind.class);
                if (index == IndexKind.EACH && !e.flag("multi")) {
                    throw indexNode.error("index 'each' indexes each value of a multi-valued field; '" + id + "' is not multi");
                }
                if (index == IndexKind.EXACT && e.flag("multi")) {
                    throw indexNode.error("index 'exact' is for a single value; '" + id + "' is multi: use 'each'");
                }
            }
            fields.put(id, new FieldDefinition(id, category, e.flag("provided"), e.flag("multi"), index,
                    e.flag("scan"), e.flag("special")));
        }
        if (fields.isEmpty()) {
            throw node.error("at least one field must be declared");
        }
        return fields;
    }

    private Map<String, Recipient> recipients(YamlNode node) {
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        for (YamlNode item : node.sequence()) {
            var e = new YamlNode.Entries(item, List.of("id", "name", "kind", "country", "safeguard"));
            String id = e.required("id").scalar();
            YamlNode kindNode = e.required("kind");
            String kind = kindNode.scalar();
            if (!List.of("internal", "processor", "third-party").contains(kind)) {
                throw kindNode.error("recipient kind '" + kind + "' must be internal, processor or third-party");
            }
            YamlNode countryNode = e.optional("country");
            String country = countryNode == null ? null : countryNode.scalar();
            if (country != null && !COUNTRY.matcher(country).matches()) {
                throw countryNode.error("country '" + country + "' must be an ISO 3166-1 alpha-2 code such as FR");
            }
            YamlNode safeguardNode = e.optional("safeguard");
            Recipient recipient = new Recipient(id, text(e.required("name")), kind, country,
                    safeguardNode == null ? null : safeguardNode.scalar());
            // GDPR Art. 44-46: a transfer outside the EEA needs an adequacy decision or safeguards.
            if (recipient.outsideEea() && recipient.safeguard() == null) {
                throw item.error("recipient '" + id + "' is in " + country
                        + ", outside the EEA: name the safeguard of the transfer (GDPR Art. 46)");
            }
            if (recipients.put(id, recipient) != null) {
                throw item.error("recipient id '" + id + "' is declared twice");
            }
        }
        return recipients;
    }

    private Map<String, Purpose> purposes(YamlNode node, Map<String, FieldDefinition> fields,
            Map<String, Recipient> recipients) {
        Map<String, Purpose> purposes = new LinkedHashMap<>();
        for (YamlNode item : node.sequence()) {
            var e = new YamlNode.Entries(item, List.of("id", "name", "description", "dpv-purpose", "legal-basis",
                    "explicit-consent", "subjects", "fields", "retention", "recipients", "roles", "aggregate-only", "self-service", "sale-or-sharing"));
            YamlNode idNode = e.required("id");
            String id = idNode.scalar();
            if (!PURPOSE_ID.matcher(id).matches()) {
                throw idNode.error("purpose id '" + id + "' must be 2-40 lowercase letters, digits or dashes");
            }
            YamlNode dpvNode = e.required("dpv-purpose");
            if (!DPV_TERM.matcher(dpvNode.scalar()).matches()) {
                throw dpvNode.error("dpv-purpose '" + dpvNode.scalar() + "' must be a W3C DPV term such as dpv:DirectMarketing");
            }
            YamlNode basisNode = e.required("legal-basis");
            LegalBasis basis = LegalBasis.ofKey(basisNode.scalar()).orElseThrow(() -> basisNode.error(
                    "legal basis '" + basisNode.scalar() + "' is not one of " + keys(LegalBasis.values())));
            boolean explicitConsent = e.flag("explicit-consent");
            if (explicitConsent && basis != LegalBasis.CONSENT) {
                throw basisNode.error("explicit-consent needs legal-basis consent");
            }
            Set<String> purposeFields = new LinkedHashSet<>();
            YamlNode fieldsNode = e.required("fields");
            for (YamlNode fieldNode : fieldsNode.sequence()) {
                String fieldId = fieldNode.scalar();
                FieldDefinition field = fields.get(fieldId);
                if (field == null) {
                    throw fieldNode.error("purpose '" + id + "' uses field '" + fieldId + "', which is not declared under fields");
                }
                // GDPR Art. 9(2)(a): special categories only with explicit consent.
                if (field.special() && !explicitConsent) {
                    throw fieldNode.error("purpose '" + id + "' uses special-category field '" + fieldId
                            + "' (GDPR Art. 9) without explicit-consent: true and legal-basis consent");
                }
                if (!purposeFields.add(fieldId)) {
                    throw fieldNode.error("field '" + fieldId + "' is listed twice in purpose '" + id + "'");
                }
            }
            if (purposeFields.isEmpty()) {
                throw fieldsNode.error("purpose '" + id + "' must name at least one field");
            }
            List<String> purposeRecipients = e.required("recipients").scalars();
            for (YamlNode r : e.required("recipients").sequence()) {
                if (!recipients.containsKey(r.scalar())) {
                    throw r.error("purpose '" + id + "' names recipient '" + r.scalar() + "', which is not declared under recipients");
                }
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (YamlNode r : e.required("roles").sequence()) {
                roles.add(enumValue(r, Role.class));
            }
            Purpose purpose = new Purpose(id, text(e.required("name")), text(e.required("description")),
                    dpvNode.scalar(), basis, explicitConsent, e.required("subjects").scalars(), purposeFields,
                    retention(e.required("retention")), purposeRecipients, roles, e.flag("aggregate-only"), e.flag("self-service"),
                    e.flag("sale-or-sharing"));
            if (purpose.aggregateOnly() && purpose.selfService()) {
                throw idNode.error("purpose '" + id + "' cannot be both aggregate-only and self-service: a person uses it on their own record");
            }
            if (purposes.put(id, purpose) != null) {
                throw idNode.error("purpose id '" + id + "' is declared twice");
            }
        }
        if (purposes.isEmpty()) {
            throw node.error("at least one purpose must be declared");
        }
        return purposes;
    }

    private RetentionRule retention(YamlNode node) {
        var e = new YamlNode.Entries(node, List.of("duration", "from"));
        YamlNode durationNode = e.required("duration");
        Period duration;
        try {
            duration = Period.parse(durationNode.scalar());
        } catch (DateTimeParseException ex) {
            throw durationNode.error("retention duration '" + durationNode.scalar()
                    + "' is not an ISO-8601 period such as P3Y or P13M");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw durationNode.error("retention duration must be positive");
        }
        YamlNode fromNode = e.required("from");
        RetentionEvent from = RetentionEvent.ofKey(fromNode.scalar()).orElseThrow(() -> fromNode.error(
                "retention event '" + fromNode.scalar() + "' is not one of " + keys(RetentionEvent.values())));
        return new RetentionRule(duration, from);
    }

    private void checkEveryFieldUsed(YamlNode fieldsNode, Map<String, FieldDefinition> fields,
            Map<String, Purpose> purposes) {
        Map<String, YamlNode> nodes = fieldsNode.mapping();
        for (String fieldId : fields.keySet()) {
            if (purposes.values().stream().noneMatch(p -> p.covers(fieldId))) {
                // Art. 5(1)(c): a field no purpose needs must not exist.
                throw nodes.get(fieldId).error("field '" + fieldId + "' is used by no purpose; remove it or add it to a purpose");
            }
        }
    }

    private static LocalizedText text(YamlNode node) {
        var e = new YamlNode.Entries(node, List.of("en", "fr"));
        try {
            return new LocalizedText(e.required("en").scalar(), e.required("fr").scalar());
        } catch (IllegalArgumentException ex) {
            throw node.error(ex.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumValue(YamlNode node, Class<E> type) {
        String value = node.scalar();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw node.error("'" + value + "' is not one of " + allowed);
    }

    private static String keys(LegalBasis[] values) {
        return java.util.Arrays.stream(values).map(LegalBasis::key).toList().toString();
    }

    private static String keys(RetentionEvent[] values) {
        return java.util.Arrays.stream(values).map(RetentionEvent::key).toList().toString();
    }
}

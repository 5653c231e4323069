package io.custodia.consent;

import io.custodia.datamap.DataMap;
import io.custodia.datamap.FieldDefinition;
import io.custodia.datamap.Purpose;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.shared.SubjectId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Consent receipts: what a person agreed to, given back to them (or to an auditor) as JSON following
 * the information structure of ISO/IEC TS 27560:2023 (a header, the processing consented to, the
 * parties, and the events of the consent's life) with W3C DPV terms for purposes, bases and statuses.
 * Built from the ledger and the data map at the time of asking; no personal value, only the person's id.
 */
@Service
public class ConsentReceipts {

    private final ConsentLedger ledger;
    private final DataMap dataMap;
    private final PrivacyProperties properties;
    private final Clock clock;

    ConsentReceipts(ConsentLedger ledger, DataMap dataMap, PrivacyProperties properties, Clock clock) {
        this.ledger = ledger;
        this.dataMap = dataMap;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The receipt of one given (or renewed) consent.
     *
     * @throws NotFoundException when the person has no such event
     * @throws InvalidInputException when the event is not a consent given or renewed
     */
    public Map<String, Object> receipt(SubjectId subject, UUID eventId) {
        List<ChoiceEvent> history = ledger.history(subject);
        ChoiceEvent given = history.stream().filter(e -> e.id().equals(eventId)).findFirst()
                .orElseThrow(() -> new NotFoundException("consent event", eventId));
        if (!given.kind().givesConsent()) {
            throw InvalidInputException.of("event", "not-a-consent", "a receipt is issued for a consent given or renewed, not for " + given.kind());
        }
        Purpose purpose = dataMap.purpose(given.purpose()).orElseThrow(() -> new NotFoundException("purpose", given.purpose()));
        Locale locale = Locale.forLanguageTag(given.noticeLanguage() == null ? "en" : given.noticeLanguage());

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("schemaVersion", "custodia-consent-receipt-1");
        header.put("recordId", given.id().toString());
        header.put("receiptIssuedAt", clock.instant().toString());
        header.put("piiPrincipalId", subject.value().toString());
        header.put("language", locale.getLanguage());

        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("key", purpose.legalBasis().key());
        basis.put("dpv", purpose.legalBasis().dpvTerm());
        basis.put("article", purpose.legalBasis().article());
        Map<String, Object> processing = new LinkedHashMap<>();
        processing.put("purpose", Map.of("id", purpose.id(), "name", purpose.name().in(locale), "description", purpose.description().in(locale),
                "dpv", purpose.dpvPurpose()));
        processing.put("legalBasis", basis);
        processing.put("piiCategories", purpose.fields().stream().map(f -> dataMap.field(f).map(FieldDefinition::category).orElse(f)).distinct().toList());
        processing.put("channel", given.channel() == null ? null : given.channel().name());
        processing.put("retention", Map.of("duration", purpose.retention().duration().toString(), "from", purpose.retention().from().key()));
        processing.put("recipients", purpose.recipients().stream().map(id -> dataMap.recipients().containsKey(id)
                ? dataMap.recipients().get(id).name().in(locale) : id).toList());
        if (given.noticeVersion() != null) {
            processing.put("notice", Map.of("version", given.noticeVersion(), "language", String.valueOf(given.noticeLanguage()),
                    "sha256", String.valueOf(given.noticeSha256()), "url", properties.url("/privacy/notice?lang=" + given.noticeLanguage())));
        }

        var controller = dataMap.controller();
        Map<String, Object> parties = new LinkedHashMap<>();
        parties.put("controller", Map.of("name", controller.name(), "address", controller.address(), "contact", controller.contact()));
        parties.put("dataProtectionOfficer", controller.dpo());
        parties.put("supervisoryAuthority", controller.supervisoryAuthority());

        // the life of this consent: every event for its purpose and channel, and the objections to its purpose
        List<Map<String, Object>> events = history.stream()
                .filter(e -> purpose.id().equals(e.purpose()) && (e.channel() == null || e.channel() == given.channel()))
                .map(e -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("id", e.id().toString());
                    event.put("time", e.at().toString());
                    event.put("type", e.kind().name());
                    event.put("dpvStatus", e.kind().dpvTerm());
                    event.put("source", e.source().name());
                    event.put("recordedBy", e.actorKind());
                    return event;
                }).toList();
        String state = ConsentProjection.fold(history).stateFor(purpose.id()).status();

        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("conformsTo", List.of("ISO/IEC TS 27560:2023", "https://w3id.org/dpv/schema/iso-27560#receipt-full"));
        receipt.put("header", header);
        receipt.put("processing", processing);
        receipt.put("parties", parties);
        receipt.put("events", events);
        receipt.put("currentState", state == null ? "NONE" : state);
        return receipt;
    }
}

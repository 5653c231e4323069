package io.custodia.rights;

import io.custodia.people.Jurisdiction;
import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A data subject request as the DPO follows it: what was asked, under which law, its clock, where it
 * stands and how it was answered. No personal value: the persons are ids.
 *
 * @param extendedTo   the deadline after an extension, or null
 * @param verification what the person must prove on the privacy centre; null for a request staff took (identified by them)
 * @param byAgent      made by an authorised agent for the person (CCPA regs §7063), with their proof of permission
 */
public record RightsRequest(UUID id, RequestType type, Jurisdiction jurisdiction, RequestChannel channel, String language,
        RequestStatus status, LegalClock clock, Instant receivedAt, @Nullable Instant verifiedAt, @Nullable LocalDate extendedTo,
        @Nullable String extensionReason, @Nullable Instant closedAt, @Nullable Outcome outcome, @Nullable String outcomeReason,
        List<SubjectId> subjects, @Nullable Verification verification, boolean byAgent, boolean categoriesOnly) {

    public RightsRequest {
        subjects = List.copyOf(subjects);
    }

    /** The same request, about these persons. */
    RightsRequest about(List<SubjectId> persons) {
        return new RightsRequest(id, type, jurisdiction, channel, language, status, clock, receivedAt, verifiedAt, extendedTo, extensionReason,
                closedAt, outcome, outcomeReason, persons, verification, byAgent, categoriesOnly);
    }

    /** The day the answer is due now: the extended day once extended. */
    public LocalDate due() {
        return extendedTo != null ? extendedTo : clock.dueOn();
    }

    /** Days left until the due day (negative: overdue), counted from today in the request's law's time zone. */
    public long daysLeft(Today today) {
        return ChronoUnit.DAYS.between(today.under(jurisdiction), due());
    }

    /** Days past the due day (0 when not late). */
    public long daysLate(Today today) {
        return Math.max(0, -daysLeft(today));
    }

    /** {@code closed}, {@code overdue}, {@code soon} (due within {@code soonDays}) or {@code ok}: the colour of the queue. */
    public String urgency(Today today, int soonDays) {
        if (!status.open() && status != RequestStatus.AWAITING_VERIFICATION) return "closed";
        long left = daysLeft(today);
        return left < 0 ? "overdue" : left <= soonDays ? "soon" : "ok";
    }

    /** Whether the period may still be extended: once, before it ends (by the law's calendar), where the law allows it. */
    public boolean extendable(Today today) {
        return status == RequestStatus.OPEN && clock.extendableTo() != null && !today.under(jurisdiction).isAfter(clock.dueOn());
    }

    public Map<String, Object> toJson(Today today, int soonDays) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("type", type.name());
        json.put("jurisdiction", jurisdiction.name());
        json.put("channel", channel.name());
        json.put("language", language);
        json.put("status", status.name());
        json.put("law", clock.law());
        json.put("receivedAt", receivedAt.toString());
        json.put("receivedOn", clock.receivedOn().toString());
        json.put("acknowledgeBy", clock.acknowledgeBy() == null ? null : clock.acknowledgeBy().toString());
        json.put("dueOn", due().toString());
        json.put("extendableTo", clock.extendableTo() == null ? null : clock.extendableTo().toString());
        json.put("extended", extendedTo != null);
        json.put("extensionReason", extensionReason);
        json.put("daysLeft", daysLeft(today));
        json.put("urgency", urgency(today, soonDays));
        json.put("verifiedAt", verifiedAt == null ? null : verifiedAt.toString());
        json.put("closedAt", closedAt == null ? null : closedAt.toString());
        json.put("outcome", outcome == null ? null : outcome.name());
        json.put("outcomeReason", outcomeReason);
        json.put("persons", subjects.stream().map(SubjectId::toString).toList());
        json.put("verification", verification == null ? "STAFF" : verification.name());
        json.put("byAgent", byAgent);
        json.put("scope", categoriesOnly ? "categories" : "all");
        return json;
    }
}

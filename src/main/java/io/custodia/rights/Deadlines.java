package io.custodia.rights;

import io.custodia.people.Jurisdiction;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * The legal deadlines of a request, from the day it was received. Pure: the day of receipt and the
 * holidays are inputs, so the rules are tested at their edges (month ends, leap years, weekends).
 * <ul>
 * <li><b>GDPR</b> Art. 12(3): one month from receipt, extendable by two further months. Periods follow
 * Regulation (EEC, Euratom) No 1182/71: a period in months ends on the day of the last month with the
 * same number as the day of receipt, or the last day of that month when it has none (31 January → 28 or
 * 29 February) (Art. 3(2)(c)), and a period ending on a Saturday, Sunday or public holiday ends on the
 * next working day (Art. 3(4)).</li>
 * <li><b>CCPA</b> §7021: confirm receipt of a request to know, delete or correct within 10 business days,
 * answer within 45 calendar days of receipt, extendable once by 45 more; §7026(f), §7027(g): act on an
 * opt-out of sale or sharing, or a limit on sensitive information, within 15 business days.</li>
 * </ul>
 * Persons under neither law get the GDPR's clock: the stricter of the two Custodia knows.
 */
public final class Deadlines {

    /** The time zone that decides the day of receipt for each law. */
    private final Map<Jurisdiction, ZoneId> zones;
    /** Public holidays that are not business days, per law. */
    private final Map<Jurisdiction, Set<LocalDate>> holidays;

    public Deadlines(Map<Jurisdiction, ZoneId> zones, Map<Jurisdiction, Set<LocalDate>> holidays) {
        this.zones = Map.copyOf(zones);
        this.holidays = Map.copyOf(holidays);
    }

    /** The clock of a request of this type, from a person under this law, received at this instant. */
    public LegalClock clockFor(Jurisdiction jurisdiction, RequestType type, Instant received) {
        Jurisdiction law = jurisdiction == Jurisdiction.US_CA ? Jurisdiction.US_CA : Jurisdiction.EU;
        return clockFor(law, type, dayOf(law, received));
    }

    /**
     * The calendar day an instant falls on under this person's law (its time zone): the day a request is received,
     * and the day it is answered, are counted alike.
     */
    public LocalDate dayOf(Jurisdiction jurisdiction, Instant at) {
        Jurisdiction law = jurisdiction == Jurisdiction.US_CA ? Jurisdiction.US_CA : Jurisdiction.EU;
        return LocalDate.ofInstant(at, zones.getOrDefault(law, ZoneId.of("Europe/Paris")));
    }

    /** The day this instant falls on under each law: what a request's time left counts from. */
    public Today today(Instant now) {
        return new Today(dayOf(Jurisdiction.EU, now), dayOf(Jurisdiction.US_CA, now));
    }

    /** The clock from the day of receipt. */
    public LegalClock clockFor(Jurisdiction jurisdiction, RequestType type, LocalDate receivedOn) {
        if (jurisdiction == Jurisdiction.US_CA) {
            if (type.ccpaOptOut()) {
                return new LegalClock(type == RequestType.OPT_OUT_OF_SALE ? "CCPA §7026(f)" : "CCPA §7027(g)", receivedOn, null,
                        plusBusinessDays(Jurisdiction.US_CA, receivedOn, 15), null);
            }
            return new LegalClock("CCPA §7021", receivedOn, plusBusinessDays(Jurisdiction.US_CA, receivedOn, 10), receivedOn.plusDays(45),
                    receivedOn.plusDays(90));
        }
        return new LegalClock("GDPR Art. 12(3)", receivedOn, null, gdprMonths(receivedOn, 1), gdprMonths(receivedOn, 3));
    }

    /**
     * A period of months under Regulation 1182/71: {@link LocalDate#plusMonths} already ends on the last
     * day of a shorter month (Art. 3(2)(c)); a non-working last day moves to the next working day (Art. 3(4)).
     */
    LocalDate gdprMonths(LocalDate receivedOn, int months) {
        return nextWorkingDay(Jurisdiction.EU, receivedOn.plusMonths(months));
    }

    /** The day itself when it is a working day under this law, else the next one. */
    LocalDate nextWorkingDay(Jurisdiction law, LocalDate day) {
        LocalDate d = day;
        while (!working(law, d)) d = d.plusDays(1);
        return d;
    }

    /** The {@code n}th business day after {@code from} (the day itself not counted). */
    LocalDate plusBusinessDays(Jurisdiction law, LocalDate from, int n) {
        LocalDate d = from;
        for (int counted = 0; counted < n; ) {
            d = d.plusDays(1);
            if (working(law, d)) counted++;
        }
        return d;
    }

    /** Not a Saturday, a Sunday, nor a public holiday of that law. */
    boolean working(Jurisdiction law, LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.getOrDefault(law, Set.of()).contains(day);
    }
}

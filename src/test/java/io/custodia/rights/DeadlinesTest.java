package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.people.Jurisdiction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The legal clocks at their edges: month ends, leap years, weekends, holidays, time zones. */
class DeadlinesTest {

    static final Deadlines DEADLINES = new Deadlines(Map.of(Jurisdiction.EU, ZoneId.of("Europe/Paris"), Jurisdiction.US_CA,
            ZoneId.of("America/Los_Angeles")), Map.of(Jurisdiction.EU, Set.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 12, 25)),
            Jurisdiction.US_CA, Set.of(LocalDate.of(2026, 11, 26), LocalDate.of(2026, 11, 27))));

    private static LegalClock gdpr(String day) {
        return DEADLINES.clockFor(Jurisdiction.EU, RequestType.ACCESS, LocalDate.parse(day));
    }

    @Test
    void gdprOneMonthEndsOnTheSameDayNumberOfTheNextMonth() {
        // received on Monday 9 March 2026: due Thursday 9 April 2026 (EDPB Guidelines 01/2022, example)
        assertThat(gdpr("2026-03-09").dueOn()).isEqualTo("2026-04-09");
        assertThat(gdpr("2026-03-09").law()).isEqualTo("GDPR Art. 12(3)");
        assertThat(gdpr("2026-03-09").acknowledgeBy()).isNull();
    }

    @Test
    void aMonthWithoutThatDayEndsOnItsLastDay() {
        // 31 January → 28 February 2026 is a Saturday: the next working day, Monday 2 March
        assertThat(gdpr("2026-01-31").dueOn()).isEqualTo("2026-03-02");
        // leap year: 31 January 2028 → Tuesday 29 February 2028
        assertThat(gdpr("2028-01-31").dueOn()).isEqualTo("2028-02-29");
        // 31 March 2026 → Thursday 30 April 2026
        assertThat(gdpr("2026-03-31").dueOn()).isEqualTo("2026-04-30");
        // 29 February 2028 → Wednesday 29 March 2028, and three months → Thursday 29 May 2028
        assertThat(gdpr("2028-02-29").dueOn()).isEqualTo("2028-03-29");
        assertThat(gdpr("2028-02-29").extendableTo()).isEqualTo("2028-05-29");
    }

    @Test
    void aPeriodEndingOnAWeekendOrAHolidayEndsOnTheNextWorkingDay() {
        // 1 April 2026 → 1 May 2026, a public holiday (Friday), then the weekend: Monday 4 May
        assertThat(gdpr("2026-04-01").dueOn()).isEqualTo("2026-05-04");
        // 25 November → 25 December 2026 (holiday, Friday) → Monday 28 December
        assertThat(gdpr("2026-11-25").dueOn()).isEqualTo("2026-12-28");
        // extension: two further months, three in all from receipt
        assertThat(gdpr("2026-03-09").extendableTo()).isEqualTo("2026-06-09");
    }

    @Test
    void ccpaAcknowledgesInTenBusinessDaysAndAnswersIn45CalendarDays() {
        LegalClock clock = DEADLINES.clockFor(Jurisdiction.US_CA, RequestType.ERASURE, LocalDate.parse("2026-11-20"));
        assertThat(clock.law()).isEqualTo("CCPA §7021");
        // Friday 20 November 2026: business days skip the weekends and Thanksgiving (26-27 November): 23, 24, 25, 30 November,
        // 1, 2, 3, 4, 7 and 8 December
        assertThat(clock.acknowledgeBy()).isEqualTo("2026-12-08");
        assertThat(clock.dueOn()).isEqualTo("2027-01-04");
        assertThat(clock.extendableTo()).isEqualTo("2027-02-18");
    }

    @Test
    void ccpaOptOutsTakeFifteenBusinessDaysAndNoExtension() {
        LegalClock sale = DEADLINES.clockFor(Jurisdiction.US_CA, RequestType.OPT_OUT_OF_SALE, LocalDate.parse("2026-11-20"));
        assertThat(sale.law()).isEqualTo("CCPA §7026(f)");
        assertThat(sale.dueOn()).isEqualTo("2026-12-15");
        assertThat(sale.extendableTo()).isNull();
        assertThat(sale.acknowledgeBy()).isNull();
        assertThat(DEADLINES.clockFor(Jurisdiction.US_CA, RequestType.LIMIT_SENSITIVE, LocalDate.parse("2026-11-20")).law())
                .isEqualTo("CCPA §7027(g)");
    }

    @Test
    void theDayOfReceiptIsTheDayWhereTheLawIs() {
        // 06:30 UTC on 1 December is still 30 November in California, already 1 December in Paris
        Instant at = Instant.parse("2026-12-01T06:30:00Z");
        assertThat(DEADLINES.clockFor(Jurisdiction.US_CA, RequestType.ACCESS, at).receivedOn()).isEqualTo("2026-11-30");
        assertThat(DEADLINES.clockFor(Jurisdiction.EU, RequestType.ACCESS, at).receivedOn()).isEqualTo("2026-12-01");
        // a person under neither law: the GDPR's clock
        assertThat(DEADLINES.clockFor(Jurisdiction.OTHER, RequestType.ACCESS, at).law()).isEqualTo("GDPR Art. 12(3)");
    }

    /**
     * Time left counts from today where the request's law is, as its due day was set: at 03:00 UTC it is already
     * 26 November in Paris but still 25 November in Los Angeles, so a Californian's request due on the 25th is due
     * today (0 days left, still extendable), where a French request due the same day is one day late.
     */
    @Test
    void timeLeftCountsFromTodayWhereTheRequestsLawIs() {
        Today today = DEADLINES.today(Instant.parse("2026-11-26T03:00:00Z"));
        assertThat(today.eu()).isEqualTo("2026-11-26");
        assertThat(today.california()).isEqualTo("2026-11-25");
        assertThat(today.under(Jurisdiction.OTHER)).isEqualTo("2026-11-26");

        RightsRequest californian = open(Jurisdiction.US_CA, DEADLINES.clockFor(Jurisdiction.US_CA, RequestType.ACCESS, LocalDate.parse("2026-10-11")));
        assertThat(californian.due()).isEqualTo("2026-11-25");
        assertThat(californian.daysLeft(today)).isZero();
        assertThat(californian.urgency(today, 3)).isEqualTo("soon");
        assertThat(californian.extendable(today)).isTrue();
        assertThat(californian.toJson(today, 3)).containsEntry("daysLeft", 0L).containsEntry("urgency", "soon");

        RightsRequest french = open(Jurisdiction.EU, DEADLINES.clockFor(Jurisdiction.EU, RequestType.ACCESS, LocalDate.parse("2026-10-25")));
        assertThat(french.due()).isEqualTo("2026-11-25");
        assertThat(french.daysLeft(today)).isEqualTo(-1);
        assertThat(french.daysLate(today)).isEqualTo(1);
        assertThat(french.urgency(today, 3)).isEqualTo("overdue");
        assertThat(french.extendable(today)).isFalse();
    }

    private static RightsRequest open(Jurisdiction jurisdiction, LegalClock clock) {
        return new RightsRequest(java.util.UUID.randomUUID(), RequestType.ACCESS, jurisdiction, RequestChannel.EMAIL, "en", RequestStatus.OPEN,
                clock, Instant.parse("2026-10-15T12:00:00Z"), null, null, null, null, null, null, java.util.List.of(), null, false, false);
    }
}

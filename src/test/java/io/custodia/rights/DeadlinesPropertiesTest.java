package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.people.Jurisdiction;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The deadline rules hold for any day of receipt and any holidays, checked against their plain statement. */
class DeadlinesPropertiesTest {

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.integers().between(0, 365 * 12).map(n -> LocalDate.of(2024, 1, 1).plusDays(n));
    }

    @Provide
    Arbitrary<Set<LocalDate>> holidays() {
        return days().set().ofMaxSize(40);
    }

    private static Deadlines deadlines(Set<LocalDate> holidays) {
        return new Deadlines(Map.of(Jurisdiction.EU, ZoneId.of("Europe/Paris"), Jurisdiction.US_CA, ZoneId.of("America/Los_Angeles")),
                Map.of(Jurisdiction.EU, holidays, Jurisdiction.US_CA, holidays));
    }

    /** GDPR: the first working day on or after the day one (three) month(s) on, never before; nothing working in between. */
    @Property(tries = 2_000)
    void gdprDeadlinesAreTheFirstWorkingDayOnOrAfterTheMonthsEnd(@ForAll("days") LocalDate received, @ForAll("holidays") Set<LocalDate> holidays) {
        Deadlines deadlines = deadlines(holidays);
        LegalClock clock = deadlines.clockFor(Jurisdiction.EU, RequestType.ERASURE, received);
        for (var pair : Map.of(1, clock.dueOn(), 3, clock.extendableTo()).entrySet()) {
            LocalDate monthsOn = received.plusMonths(pair.getKey());
            LocalDate due = pair.getValue();
            assertThat(due).isAfterOrEqualTo(monthsOn);
            assertThat(deadlines.working(Jurisdiction.EU, due)).isTrue();
            for (LocalDate d = monthsOn; d.isBefore(due); d = d.plusDays(1)) {
                assertThat(deadlines.working(Jurisdiction.EU, d)).as("%s between %s and %s", d, monthsOn, due).isFalse();
            }
            // the same day number, or the month's last day when it has none (Regulation 1182/71 Art. 3(2)(c))
            assertThat(monthsOn.getDayOfMonth()).isEqualTo(Math.min(received.getDayOfMonth(), monthsOn.lengthOfMonth()));
        }
    }

    /** CCPA: exactly n working days lie after the day of receipt up to the deadline, which is itself one of them. */
    @Property(tries = 2_000)
    void businessDaysCountWorkingDaysOnly(@ForAll("days") LocalDate received, @ForAll("holidays") Set<LocalDate> holidays) {
        Deadlines deadlines = deadlines(holidays);
        LegalClock know = deadlines.clockFor(Jurisdiction.US_CA, RequestType.ACCESS, received);
        LegalClock optOut = deadlines.clockFor(Jurisdiction.US_CA, RequestType.OPT_OUT_OF_SALE, received);
        assertThat(workingDaysAfter(deadlines, received, know.acknowledgeBy())).isEqualTo(10);
        assertThat(workingDaysAfter(deadlines, received, optOut.dueOn())).isEqualTo(15);
        assertThat(deadlines.working(Jurisdiction.US_CA, know.acknowledgeBy())).isTrue();
        assertThat(deadlines.working(Jurisdiction.US_CA, optOut.dueOn())).isTrue();
        // 45 and 90 calendar days, whatever the weekday
        assertThat(know.dueOn()).isEqualTo(received.plusDays(45));
        assertThat(know.extendableTo()).isEqualTo(received.plusDays(90));
        assertThat(know.acknowledgeBy()).isBefore(know.dueOn());
    }

    private static int workingDaysAfter(Deadlines deadlines, LocalDate from, LocalDate to) {
        Set<LocalDate> working = new HashSet<>();
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (deadlines.working(Jurisdiction.US_CA, d)) working.add(d);
        }
        return working.size();
    }
}

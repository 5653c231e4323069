package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.people.Jurisdiction;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class RightsReportsTest {

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(RightsReports.median(List.of())).isNull();
        assertThat(RightsReports.median(List.of(4L))).isEqualTo(4.0);
        assertThat(RightsReports.median(List.of(1L, 3L, 10L))).isEqualTo(3.0);
        assertThat(RightsReports.median(List.of(1L, 3L, 10L, 30L))).isEqualTo(6.5);
    }

    /**
     * The day of the answer is counted in the law's time zone, as the day of receipt is: a Californian's opt-out
     * received at 15:30 in Los Angeles and answered an hour later (already the next day in UTC), and a French
     * erasure request received at 00:15 in Paris and answered at 00:30 (still the day before in UTC), are both
     * answered the day they came. Counting the answer's day in UTC gave 1 and -1.
     */
    @Test
    void theDaysToAnswerAreCountedInTheLawsTimeZone() {
        JdbcClient jdbc = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                "jdbc:h2:mem:reports-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        jdbc.sql("CREATE TABLE rights_request (type VARCHAR(32), jurisdiction VARCHAR(8), received_on DATE, due_on DATE, extendable_to DATE,"
                + " extended_at TIMESTAMP WITH TIME ZONE, closed_at TIMESTAMP WITH TIME ZONE, outcome VARCHAR(16), status VARCHAR(24))").update();
        String insert = "INSERT INTO rights_request VALUES (?, ?, ?, ?, NULL, NULL, ?, 'COMPLIED', 'CLOSED')";
        jdbc.sql(insert).params("OPT_OUT_OF_SALE", "US_CA", LocalDate.of(2026, 11, 29), LocalDate.of(2026, 12, 14),
                OffsetDateTime.parse("2026-11-30T00:30:00Z")).update();
        jdbc.sql(insert).params("ERASURE", "EU", LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 30),
                OffsetDateTime.parse("2026-11-29T23:30:00Z")).update();
        RightsReports reports = new RightsReports(jdbc, new Deadlines(Map.of(Jurisdiction.EU, ZoneId.of("Europe/Paris"), Jurisdiction.US_CA,
                ZoneId.of("America/Los_Angeles")), Map.of()), java.time.Clock.fixed(java.time.Instant.parse("2026-11-30T01:00:00Z"), ZoneId.of("UTC")));
        assertThat(reports.year(2026, true)).filteredOn(l -> l.type() == RequestType.OPT_OUT_OF_SALE).singleElement()
                .satisfies(l -> assertThat(l.medianDays()).isEqualTo(0.0)).satisfies(l -> assertThat(l.onTime()).isEqualTo(1));
        assertThat(reports.year(2026, false)).filteredOn(l -> l.type() == RequestType.ERASURE).singleElement()
                .satisfies(l -> assertThat(l.medianDays()).isEqualTo(0.0)).satisfies(l -> assertThat(l.onTime()).isEqualTo(1));
    }

    @Test
    void theCsvHasOneLinePerTypeUnderAHeader() {
        var line = new RightsReports.Line(RequestType.ERASURE, 10, 7, 2, 1, 12.5, 9, 0, 0);
        String csv = RightsReports.csv(2026, "CCPA", List.of(line));
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("\"year\",\"law\",\"request\",\"received\"").contains("2026,\"CCPA\",\"ERASURE\",10,7,2,1,12.5,9,0,0");
    }
}

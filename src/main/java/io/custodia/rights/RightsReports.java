package io.custodia.rights;

import io.custodia.people.Jurisdiction;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The figures a controller publishes or keeps about requests: CCPA §7102 metrics for a calendar year
 * (per type: received, complied with in whole or in part, denied, and the median days to answer) for
 * Californians' requests, and the same summary, with deadlines met, for the GDPR's.
 */
@Service
public class RightsReports {

    private final JdbcClient jdbc;
    private final Deadlines deadlines;
    private final java.time.Clock clock;

    RightsReports(JdbcClient jdbc, Deadlines deadlines, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /**
     * One line of a report.
     *
     * @param denied      denied, including requests that could not be verified (never confirmed)
     * @param medianDays  median calendar days from receipt to answer over the answered ones, null when none
     * @param onTime      answered on or before their deadline (extended where it was)
     * @param open        not answered yet
     * @param overdue     not answered and past their deadline
     */
    public record Line(RequestType type, long received, long complied, long denied, long noData, @Nullable Double medianDays, long onTime,
            long open, long overdue) {
    }

    /** The lines of one law's requests received in a calendar year, one per request type. */
    @Transactional(readOnly = true)
    public List<Line> year(int year, boolean california) {
        Map<RequestType, List<Row>> byType = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) byType.put(type, new ArrayList<>());
        String where = california ? "jurisdiction = 'US_CA'" : "jurisdiction <> 'US_CA'";
        // the day of the answer is taken in the same time zone as the day of receipt (the law's): a Californian's request
        // answered at 16:00 in Los Angeles is answered the day it came, though it is already the next day in UTC
        Jurisdiction law = california ? Jurisdiction.US_CA : Jurisdiction.EU;
        LocalDate today = deadlines.dayOf(law, clock.instant()); // what is overdue, by the same law's calendar
        jdbc.sql("SELECT type, received_on, due_on, extendable_to, extended_at, closed_at, outcome, status FROM rights_request WHERE " + where
                + " AND received_on >= ? AND received_on < ?").params(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1))
                .query(rs -> {
                    OffsetDateTime closed = rs.getObject(6, OffsetDateTime.class);
                    LocalDate due = rs.getObject(5, OffsetDateTime.class) != null && rs.getDate(4) != null ? rs.getDate(4).toLocalDate()
                            : rs.getDate(3).toLocalDate();
                    byType.get(RequestType.valueOf(rs.getString(1))).add(new Row(rs.getDate(2).toLocalDate(), due,
                            closed == null ? null : deadlines.dayOf(law, closed.toInstant()), rs.getString(7), rs.getString(8)));
                });
        List<Line> lines = new ArrayList<>();
        byType.forEach((type, rows) -> {
            long complied = rows.stream().filter(r -> "COMPLIED".equals(r.outcome) || "PARTLY".equals(r.outcome)).count();
            long denied = rows.stream().filter(r -> "DENIED".equals(r.outcome) || "UNVERIFIED".equals(r.outcome)).count();
            long noData = rows.stream().filter(r -> "NO_DATA".equals(r.outcome)).count();
            List<Long> days = rows.stream().filter(r -> r.closed != null && !"UNVERIFIED".equals(r.outcome))
                    .map(r -> ChronoUnit.DAYS.between(r.received, r.closed)).sorted().toList();
            long onTime = rows.stream().filter(r -> r.closed != null && !"UNVERIFIED".equals(r.outcome) && !r.closed.isAfter(r.due)).count();
            long open = rows.stream().filter(r -> r.closed == null && !"EXPIRED".equals(r.status)).count();
            long overdue = rows.stream().filter(r -> r.closed == null && !"EXPIRED".equals(r.status) && today.isAfter(r.due)).count();
            lines.add(new Line(type, rows.size(), complied, denied, noData, median(days), onTime, open, overdue));
        });
        return lines;
    }

    private record Row(LocalDate received, LocalDate due, @Nullable LocalDate closed, @Nullable String outcome, String status) {
    }

    static @Nullable Double median(List<Long> sorted) {
        if (sorted.isEmpty()) return null;
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2).doubleValue() : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** Both laws' lines of a year as one CSV: California's, then the others', under one header. */
    @Transactional(readOnly = true)
    public String yearCsv(int year) {
        String gdpr = csv(year, "GDPR", year(year, false));
        return csv(year, "CCPA", year(year, true)) + gdpr.substring(gdpr.indexOf("\r\n") + 2);
    }

    /** A year's lines as CSV (RFC 4180), with the law and the year on each line. */
    public static String csv(int year, String law, List<Line> lines) {
        StringBuilder out = new StringBuilder("\"year\",\"law\",\"request\",\"received\",\"complied_in_whole_or_part\",\"denied\",\"no_data\","
                + "\"median_days_to_answer\",\"answered_on_time\",\"open\",\"overdue\"\r\n");
        for (Line l : lines) {
            out.append(year).append(",\"").append(law).append("\",\"").append(l.type().name()).append("\",").append(l.received()).append(',')
                    .append(l.complied()).append(',').append(l.denied()).append(',').append(l.noData()).append(',')
                    .append(l.medianDays() == null ? "" : l.medianDays()).append(',').append(l.onTime()).append(',').append(l.open()).append(',')
                    .append(l.overdue()).append("\r\n");
        }
        return out.toString();
    }
}

package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RightsReportsTest {

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(RightsReports.median(List.of())).isNull();
        assertThat(RightsReports.median(List.of(4L))).isEqualTo(4.0);
        assertThat(RightsReports.median(List.of(1L, 3L, 10L))).isEqualTo(3.0);
        assertThat(RightsReports.median(List.of(1L, 3L, 10L, 30L))).isEqualTo(6.5);
    }

    @Test
    void theCsvHasOneLinePerTypeUnderAHeader() {
        var line = new RightsReports.Line(RequestType.ERASURE, 10, 7, 2, 1, 12.5, 9, 0, 0);
        String csv = RightsReports.csv(2026, "CCPA", List.of(line));
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("\"year\",\"law\",\"request\",\"received\"").contains("2026,\"CCPA\",\"ERASURE\",10,7,2,1,12.5,9,0,0");
    }
}

package io.custodia.rights;

import io.custodia.people.Jurisdiction;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class RightsConfiguration {

    /** GDPR periods run in the controller's time zone; CCPA periods in California's. */
    @Bean
    Deadlines deadlines(RightsProperties properties) {
        return new Deadlines(Map.of(Jurisdiction.EU, properties.euZone(), Jurisdiction.US_CA, ZoneId.of("America/Los_Angeles")),
                Map.of(Jurisdiction.EU, Set.<LocalDate>copyOf(properties.euHolidays()), Jurisdiction.US_CA, Set.copyOf(properties.usCaHolidays())));
    }
}

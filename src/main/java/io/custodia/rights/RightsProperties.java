package io.custodia.rights;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of data subject requests ({@code custodia.rights.*}).
 *
 * @param verificationTtl how long a request waits for the person to confirm it from the emailed link before it
 *                        expires, recorded as unverified (default P14D)
 * @param soonDays        a request due within this many days shows as nearly due (default 7)
 * @param euZone          the time zone that decides the day a GDPR request is received (default Europe/Paris)
 * @param euHolidays      public holidays that are not working days for GDPR periods (Regulation 1182/71 Art. 3(4))
 * @param usCaHolidays    holidays that are not business days for CCPA periods
 * @param packageTtl      how long an access or portability package can be downloaded, then it is deleted (default P7D)
 * @param recordsRetention how long a request's record is kept after it closed (default P24M, CCPA §7101)
 * @param webhooks        per recipient of the data map (by id), where to send the erasures, rectifications and
 *                        restrictions it must apply (GDPR Art. 19), and the secret that signs them (HMAC-SHA256)
 * @param dpoLanguage     the language of the DPO's alert emails, {@code en} or {@code fr} (default en)
 */
@ConfigurationProperties("custodia.rights")
public record RightsProperties(@Nullable Duration verificationTtl, @Nullable Integer soonDays, @Nullable ZoneId euZone,
        @Nullable List<LocalDate> euHolidays, @Nullable List<LocalDate> usCaHolidays, @Nullable Duration packageTtl,
        java.util.@Nullable Map<String, Webhook> webhooks, java.time.@Nullable Period recordsRetention, @Nullable String dpoLanguage) {

    /** A recipient's endpoint and the secret shared with it. */
    public record Webhook(java.net.URI url, String secret) {
    }

    public RightsProperties {
        if (verificationTtl == null || verificationTtl.isNegative() || verificationTtl.isZero()) verificationTtl = Duration.ofDays(14);
        if (soonDays == null || soonDays < 0) soonDays = 7;
        if (euZone == null) euZone = ZoneId.of("Europe/Paris");
        euHolidays = euHolidays == null ? List.of() : List.copyOf(euHolidays);
        usCaHolidays = usCaHolidays == null ? List.of() : List.copyOf(usCaHolidays);
        if (packageTtl == null || packageTtl.isNegative() || packageTtl.isZero()) packageTtl = Duration.ofDays(7);
        webhooks = webhooks == null ? java.util.Map.of() : java.util.Map.copyOf(webhooks);
        dpoLanguage = "fr".equals(dpoLanguage) ? "fr" : "en";
        if (recordsRetention == null || recordsRetention.isNegative() || recordsRetention.isZero()) recordsRetention = java.time.Period.ofMonths(24);
    }
}

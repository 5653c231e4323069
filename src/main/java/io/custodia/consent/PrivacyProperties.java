package io.custodia.consent;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the privacy centre ({@code custodia.privacy.*}).
 *
 * @param publicUrl        the address people reach Custodia's privacy centre at, for the links in emails
 *                         (default http://localhost:8080)
 * @param mailFrom         the sender of privacy emails; every message identifies the sender (default: the
 *                         controller's contact address from the data map)
 * @param linkTtl          how long a preference-centre link stays valid (default P30D)
 * @param confirmationTtl  how long a double opt-in confirmation link stays valid (default P7D)
 */
@ConfigurationProperties("custodia.privacy")
public record PrivacyProperties(@Nullable URI publicUrl, @Nullable String mailFrom, @Nullable Duration linkTtl,
        @Nullable Duration confirmationTtl) {

    public PrivacyProperties {
        if (publicUrl == null) publicUrl = URI.create("http://localhost:8080");
        if (linkTtl == null || linkTtl.isNegative() || linkTtl.isZero()) linkTtl = Duration.ofDays(30);
        if (confirmationTtl == null || confirmationTtl.isNegative() || confirmationTtl.isZero()) confirmationTtl = Duration.ofDays(7);
    }

    /**
     * The public address of an emailed privacy-centre link: a path such as {@code /privacy/confirm}, its sealed token,
     * and the language of the email, so that the page opens in it whatever the browser prefers.
     */
    public String link(String path, String token, String language) {
        return url(path + "?t=" + token + "&lang=" + ("fr".equals(language) ? "fr" : "en"));
    }

    /** The public address of a path (with its query), without a doubled slash. */
    public String url(String pathAndQuery) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery;
    }
}

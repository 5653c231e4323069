package io.custodia.consent;

import java.net.URI;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Says at start when the links in emails will not reach this server: {@code custodia.privacy.public-url} points at
 * this machine ({@code localhost}) but at another port than the one the server listens on. A confirmation,
 * download or preferences link the person cannot open is a request the person cannot complete.
 */
@Component
class PublicUrlCheck implements ApplicationListener<WebServerInitializedEvent> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PublicUrlCheck.class);

    private final PrivacyProperties properties;

    PublicUrlCheck(PrivacyProperties properties) {
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) return; // the actuator's own port, if any
        String warning = warning(properties.publicUrl(), event.getWebServer().getPort());
        if (warning != null) log.warn(warning);
    }

    /** The warning for this public address and the port the server listens on, or null when the links reach it. */
    static String warning(URI publicUrl, int listening) {
        String host = publicUrl.getHost();
        if (host == null || !(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")) || listening <= 0) return null;
        int linked = publicUrl.getPort() != -1 ? publicUrl.getPort() : "https".equals(publicUrl.getScheme()) ? 443 : 80;
        if (linked == listening) return null;
        return "The links in emails point at " + publicUrl + " but this server listens on port " + listening
                + ": people will not reach the privacy centre from them. Set custodia.privacy.public-url to the address people use.";
    }
}

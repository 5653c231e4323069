package io.custodia.datamap;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/** Loads the data map named by {@code custodia.data-map} at start; an inconsistent map stops start-up. */
@Configuration(proxyBeanMethods = false)
class DataMapConfiguration {

    @Bean
    DataMap dataMap(@Value("${custodia.data-map}") Resource resource) throws IOException {
        if (!resource.exists()) {
            throw new DataMapException("The data map " + resource.getDescription()
                    + " does not exist: set custodia.data-map to the path of your processing register");
        }
        try (InputStream in = resource.getInputStream()) {
            return new DataMapLoader().load(in, resource.getFilename() == null ? resource.getDescription() : resource.getFilename());
        }
    }

    /** The SHA-256 of the data map's text, so that a change of the register is recorded in the audit ledger. */
    @Bean
    DataMapFingerprint dataMapFingerprint(@Value("${custodia.data-map}") Resource resource, DataMap dataMap) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            return new DataMapFingerprint(dataMap.source(), dataMap.version(), java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}

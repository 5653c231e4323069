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
}

package io.custodia.support;

import org.springframework.context.support.ResourceBundleMessageSource;

/** The application's message bundles (EN and FR), as the app reads them, for unit tests of what the pages say. */
public final class Messages {

    private Messages() {
    }

    public static ResourceBundleMessageSource bundle() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}

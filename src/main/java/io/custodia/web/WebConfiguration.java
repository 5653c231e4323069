package io.custodia.web;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Languages of the UI, staff and public: the one chosen ({@code ?lang=fr}, remembered in a cookie), else the first
 * of the browser's languages that Custodia ships (Accept-Language), else English.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final String LANGUAGE_PARAMETER = "lang";

    private final io.custodia.identity.RequestKeys requestKeys;

    WebConfiguration(io.custodia.identity.RequestKeys requestKeys) {
        this.requestKeys = requestKeys;
    }

    /**
     * A JSON body that names a field twice is refused (400, "Malformed body") instead of keeping the last value: a
     * client that sent two addresses, or a field and its correction, learns that only one would have counted. Every
     * text in it is checked for characters no field takes ({@link SafeText}).
     */
    @Bean
    org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer strictDuplicates() {
        return builder -> builder.enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new tools.jackson.databind.module.SimpleModule("custodia-safe-text").addDeserializer(String.class, new SafeText()));
    }

    /** The API description names the {@link ApiIdempotency} header on every {@code POST}. */
    @Bean
    org.springdoc.core.customizers.OperationCustomizer idempotencyKeyHeader() {
        return (operation, handler) -> {
            // once per operation: two handlers of one path (the import's JSON and CSV) make one operation
            boolean named = operation.getParameters() != null && operation.getParameters().stream()
                    .anyMatch(p -> "header".equals(p.getIn()) && ApiIdempotency.HEADER.equals(p.getName()));
            if (!named && handler.hasMethodAnnotation(org.springframework.web.bind.annotation.PostMapping.class)) {
                operation.addParametersItem(new io.swagger.v3.oas.models.parameters.HeaderParameter().name(ApiIdempotency.HEADER)
                        .required(false).schema(new io.swagger.v3.oas.models.media.StringSchema().maxLength(128).pattern("^[\\x21-\\x7e]+$"))
                        .description("Makes a retry safe: a create sent again with the same key within 24 hours is not made twice; it gets"
                                + " the first answer's status and Location back, with Idempotent-Replayed: true (an import: its"
                                + " first answer whole, with the ids it made)"));
            }
            return operation;
        };
    }

    /**
     * The API speaks JSON (and CSV for imports), nothing else: a converter for YAML, XML, CBOR or Smile that a
     * library brings onto the class path is dropped, so a body in such a format is refused (415) instead of
     * being read without the checks JSON bodies get (a field named twice; STRICT_DUPLICATE_DETECTION above).
     */
    @Override
    @SuppressWarnings("deprecation")
    public void extendMessageConverters(java.util.List<org.springframework.http.converter.HttpMessageConverter<?>> converters) {
        converters.removeIf(WebConfiguration::otherFormat);
    }

    static boolean otherFormat(org.springframework.http.converter.HttpMessageConverter<?> converter) {
        return converter.getSupportedMediaTypes().stream().map(t -> t.getSubtype().toLowerCase(Locale.ROOT))
                .anyMatch(subtype -> subtype.contains("yaml") || subtype.contains("xml") || subtype.contains("cbor") || subtype.contains("smile"));
    }

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("custodia-lang");
        resolver.setDefaultLocaleFunction(WebConfiguration::browserLanguage);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    /** The first of the browser's languages (by preference) that Custodia ships, else English. */
    static Locale browserLanguage(jakarta.servlet.http.HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) return Locale.ENGLISH;
        for (Locale wanted : java.util.Collections.list(request.getLocales())) {
            if ("fr".equals(wanted.getLanguage())) return Locale.FRENCH;
            if ("en".equals(wanted.getLanguage())) return Locale.ENGLISH;
        }
        return Locale.ENGLISH;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor() {
            // Only the two languages Custodia ships; anything else is ignored rather than stored in the cookie.
            @Override
            protected Locale parseLocaleValue(String value) {
                return switch (value) {
                    case "fr" -> Locale.FRENCH;
                    case "en" -> Locale.ENGLISH;
                    default -> throw new IllegalArgumentException("unsupported language");
                };
            }
        };
        interceptor.setParamName(LANGUAGE_PARAMETER);
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
        registry.addInterceptor(new ApiRequestChecks()).addPathPatterns("/api/**");
        registry.addInterceptor(new ApiIdempotency(requestKeys)).addPathPatterns("/api/**");
        registry.addInterceptor(new SubmitOnce()).excludePathPatterns("/api/**");
    }
}

package io.custodia.crypto;

import com.google.crypto.tink.Aead;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    EnvRootKeyProvider envRootKeyProvider() {
        return new EnvRootKeyProvider(System::getenv);
    }

    @Bean
    FileRootKeyProvider fileRootKeyProvider(CryptoProperties properties) {
        return new FileRootKeyProvider(properties.masterKeysetFile());
    }

    @Bean
    RootKey masterKey(List<RootKeyProvider> providers, CryptoProperties properties) {
        return RootKeys.resolve(providers, properties);
    }
}

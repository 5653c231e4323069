package io.custodia.crypto;

import com.google.crypto.tink.Aead;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    EnvMasterKeyProvider envMasterKeyProvider() {
        return new EnvMasterKeyProvider(System::getenv);
    }

    @Bean
    FileMasterKeyProvider fileMasterKeyProvider(CryptoProperties properties) {
        return new FileMasterKeyProvider(properties.masterKeysetFile());
    }

    @Bean
    MasterKey masterKey(List<MasterKeyProvider> providers, CryptoProperties properties) {
        return new MasterKey(MasterKeys.resolve(providers, properties));
    }
}

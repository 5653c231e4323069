package io.custodia;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules the module verifier does not cover: the one gateway (invariant 3) and where crypto may be used. */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.custodia");

    @Test
    void onlyTheGatewayUsesTheFieldCipherAndBlindIndex() {
        noClasses().that().resideOutsideOfPackages("io.custodia.access..", "io.custodia.crypto..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.custodia.crypto.SubjectCrypto")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.custodia.crypto.BlindIndex")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.custodia.crypto.CipherContext")
                .because("only the access gateway may encrypt or decrypt personal data (DESIGN.md invariant 3)")
                .check(CLASSES);
    }

    @Test
    void nothingOutsideCryptoUsesTinkDirectly() {
        noClasses().that().resideOutsideOfPackages("io.custodia.crypto..")
                .should().dependOnClassesThat().resideInAPackage("com.google.crypto.tink..")
                .because("all cryptography goes through the crypto module")
                .check(CLASSES);
    }

    /** SQL lives in strings ArchUnit cannot see, so the sources are read: vault tables are the gateway's alone. */
    @Test
    void onlyTheGatewayWritesSqlOnEncryptedTables() throws IOException {
        Pattern vault = Pattern.compile("\\b(person_data|interaction_data|blind_index)\\b");
        Pattern keys = Pattern.compile("\\bsubject_key\\b|\\bsystem_key\\b");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/custodia"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                String source = read(p);
                String path = p.toString().replace('\\', '/');
                boolean inAccess = path.contains("/io/custodia/access/");
                boolean inCrypto = path.contains("/io/custodia/crypto/");
                return (!inAccess && vault.matcher(source).find()) || (!inCrypto && keys.matcher(source).find());
            }).map(Path::toString).toList();
        }
        assertThat(offenders).as("classes touching encrypted tables outside access/crypto").isEmpty();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

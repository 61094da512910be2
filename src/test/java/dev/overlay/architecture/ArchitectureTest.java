package dev.overlay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's walls, checked on the compiled classes: the core imports no adapter, Netty or Spring,
 * and the engine's connection type stays inside the engine (everyone else uses {@code PeerLink}).
 */
class ArchitectureTest {

    private static final String[] CORE = {"dev.overlay.peer..", "dev.overlay.relay..", "dev.overlay.discovery..",
            "dev.overlay.resource.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.overlay");

    @Test
    void coreImportsNoAdapterNettyOrSpring() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("dev.overlay.handshake..", "dev.overlay.engine..",
                        "dev.overlay.tls..", "dev.overlay.api..", "dev.overlay.config..", "dev.overlay.store..",
                        "dev.overlay.monitoring..", "io.netty..", "org.springframework..")
                .check(MAIN);
    }

    @Test
    void onlyTheEngineKnowsItsConnectionType() {
        noClasses().that().resideOutsideOfPackage("dev.overlay.engine..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.overlay.engine.Connection")
                .check(MAIN);
    }
}

package dev.prescale.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The main code's structure, read from its compiled classes: packages by feature without cycles, the command line on
 * top of everything and under nothing, and each external library behind the one package that adapts it, so that
 * replacing a library (or leaving it off a user's classpath) touches one place.
 */
class PackageStructureTest {

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().importPath(Path.of("target", "classes")); // the main code only
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.prescale.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.prescale.cli..").should().dependOnClassesThat()
                .resideInAPackage("dev.prescale.cli..").check(main);
    }

    @Test
    void profilesAndTheStoreInterfaceStandOnTheirOwn() {
        noClasses().that().resideInAPackage("dev.prescale.profile..").should().dependOnClassesThat(
                resideInAPackage("dev.prescale..").and(not(resideInAPackage("dev.prescale.profile..")))).check(main);
        noClasses().that().resideInAPackage("dev.prescale.store").should().dependOnClassesThat()
                .resideInAnyPackage("dev.prescale.store.influx..", "dev.prescale.simulation..",
                        "dev.prescale.recording..", "com.influxdb..").check(main);
    }

    @Test
    void eachExternalLibraryIsImportedByOnePackage() {
        // Gatling's DSL is adapted in simulation and written in by the shipped simulations (what users write too)
        Map<String, String[]> owners = Map.of(
                "com.influxdb..", new String[]{"dev.prescale.store.influx.."},
                "software.amazon.awssdk..", new String[]{"dev.prescale.scaling.aws.."},
                "io.gatling..", new String[]{"dev.prescale.simulation..", "dev.prescale.simulations.."},
                "org.tribuo..", new String[]{"dev.prescale.forecast.."},
                "picocli..", new String[]{"dev.prescale.cli.."},
                "io.netty..", new String[]{"dev.prescale.net.."});
        owners.forEach((library, only) -> noClasses().that().resideOutsideOfPackages(only).should()
                .dependOnClassesThat().resideInAPackage(library).because(library + " is adapted in "
                        + String.join(" and ", only)).check(main));
    }

    /** What the product launches by name in a Gatling JVM is main code: the jar holds it, not a test folder. */
    @Test
    void theSimulationsLaunchedByNameAreInTheMainCode() {
        for (String simulation : new String[]{"dev.prescale.simulations.ProfileSimulation",
                "dev.prescale.simulations.ResilienceSimulation", "dev.prescale.simulations.ChaosSimulation",
                "dev.prescale.simulations.BaselineSimulation"}) {
            org.assertj.core.api.Assertions.assertThat(main.contain(simulation)).as(simulation).isTrue();
        }
    }
}

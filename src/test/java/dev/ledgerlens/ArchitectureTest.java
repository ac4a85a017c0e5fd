package dev.ledgerlens;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.ledgerlens.ingest.FlowViolationFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The package order of docs/architecture.md: {@code failure} and {@code config} at the bottom, then the stages in
 * the order a document flows through them, then {@code app} that wires them, {@code eval} that measures through
 * that wiring, {@code review} (a reviewer's work and the review page, which replays dead letters through {@code app}),
 * and {@code cli} on top. A class may use its own package and those below it, never one above.
 */
class ArchitectureTest {
    /** Bottom to top. */
    static final List<String> ORDER = List.of("failure", "config", "ingest", "render", "extract", "validate", "store",
            "export", "app", "eval", "review", "cli");

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ledgerlens");
    }

    /** One rule per level: nothing in it depends on a level above. */
    static ArchRule flowOrder() {
        List<ArchRule> rules = new ArrayList<>();
        for (int level = 0; level < ORDER.size() - 1; level++) {
            String[] above = ORDER.subList(level + 1, ORDER.size()).stream()
                    .map(name -> "dev.ledgerlens." + name + "..").toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage("dev.ledgerlens." + ORDER.get(level) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .as("no class in " + ORDER.get(level) + " uses a package above it (" + String.join(", ",
                            ORDER.subList(level + 1, ORDER.size())) + ")")
                    // a level may be empty in a fixture; everyProductPackageHasAPlaceInTheOrder guards the product
                    .allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules);
    }

    @Test
    void noPackageUsesOneAboveItInTheFlow() {
        flowOrder().check(product);
    }

    @Test
    void everyProductPackageHasAPlaceInTheOrder() {
        assertThat(product.stream().map(c -> c.getPackageName().replaceFirst("^dev\\.ledgerlens\\.?", "")
                .replaceFirst("\\..*", "")).filter(name -> !name.isEmpty()).distinct())
                .as("top-level packages under dev.ledgerlens").allMatch(ORDER::contains);
    }

    @Test
    void theRuleCatchesAnImportAgainstTheFlow() {
        JavaClasses withViolation = new ClassFileImporter().importClasses(FlowViolationFixture.class,
                dev.ledgerlens.app.Settings.class);

        assertThatThrownBy(() -> flowOrder().check(withViolation))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no class in ingest uses a package above it")
                .hasMessageContaining("FlowViolationFixture");
    }
}

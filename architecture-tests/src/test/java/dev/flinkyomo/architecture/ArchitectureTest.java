package dev.flinkyomo.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering the READMEs draw, as rules the build checks: the Flink-free cores import no Flink,
 * each module depends only on the modules below it, no module uses another's {@code @Internal}
 * classes, and no two packages depend on each other in a cycle.
 */
class ArchitectureTest {

    @Test
    void everyModuleIsSeen() {
        // the rules below are only as good as the module detection: each module must contribute
        for (String module : Modules.ALLOWED.keySet()) {
            assertThat(
                            Modules.production().stream()
                                    .anyMatch(c -> Modules.of(c).equals(Optional.of(module))))
                    .as("classes of module %s found on the test classpath", module)
                    .isTrue();
        }
    }

    @Test
    void flinkFreeModulesImportNoFlink() {
        noClasses()
                .that(inModules(Modules.FLINK_FREE.toArray(String[]::new)))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .because(
                        "y3-codec and yomo-java are libraries of their own (see their READMEs);"
                                + " Flink belongs in the adapters")
                .check(Modules.production());
    }

    @Test
    void modulesDependOnlyDownwards() {
        classes()
                .should(dependOnlyOnAllowedModules())
                .because("the module map in README.md is the layering; change both together")
                .check(Modules.production());
    }

    @Test
    void noModuleUsesAnotherModulesInternalClasses() {
        classes().should(notUseInternalsOfOtherModules()).check(Modules.production());
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.flinkyomo.(**)")
                .should()
                .beFreeOfCycles()
                // Flink's @TypeInfo makes the type name its factory, which must name the type: the
                // one cycle Flink's own API requires
                .ignoreDependency(
                        "dev.flinkyomo.common.YomoRecord",
                        "dev.flinkyomo.common.typeutils.YomoRecordTypeInfoFactory")
                .check(Modules.production());
    }

    private static DescribedPredicate<JavaClass> inModules(String... modules) {
        return DescribedPredicate.describe(
                "are in " + String.join(", ", modules),
                c -> Modules.of(c).map(m -> java.util.List.of(modules).contains(m)).orElse(false));
    }

    private static ArchCondition<JavaClass> dependOnlyOnAllowedModules() {
        return new ArchCondition<>("depend only on the modules below their own") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Optional<String> from = Modules.of(c);
                if (from.isEmpty()) {
                    return;
                }
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    Optional<String> to = Modules.of(d.getTargetClass());
                    if (to.isPresent()
                            && !to.equals(from)
                            && !Modules.ALLOWED.get(from.get()).contains(to.get())) {
                        events.add(
                                SimpleConditionEvent.violated(
                                        d,
                                        from.get()
                                                + " must not depend on "
                                                + to.get()
                                                + ": "
                                                + d.getDescription()));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> notUseInternalsOfOtherModules() {
        return new ArchCondition<>("not use @Internal classes of other modules") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Optional<String> from = Modules.of(c);
                if (from.isEmpty()) {
                    return;
                }
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    Optional<String> to = Modules.of(target);
                    if (to.isPresent() && !to.equals(from) && isInternal(target)) {
                        events.add(
                                SimpleConditionEvent.violated(
                                        d,
                                        from.get()
                                                + " uses "
                                                + target.getName()
                                                + ", internal to "
                                                + to.get()
                                                + ": "
                                                + d.getDescription()));
                    }
                }
            }
        };
    }

    /** Marked {@code @Internal} (ours or Flink's), itself or through an enclosing class. */
    private static boolean isInternal(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (k.isAnnotatedWith("dev.flinkyomo.annotation.Internal")
                    || k.isAnnotatedWith("org.apache.flink.annotation.Internal")) {
                return true;
            }
        }
        return false;
    }
}

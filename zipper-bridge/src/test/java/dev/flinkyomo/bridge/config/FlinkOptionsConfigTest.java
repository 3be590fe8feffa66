package dev.flinkyomo.bridge.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.flinkyomo.bridge.config.ConfigErrorsTest.errors;
import static dev.flinkyomo.bridge.config.ConfigErrorsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code flink.config}: any Flink option, flat or nested as in Flink's config.yaml. */
class FlinkOptionsConfigTest {

    private static final String HEAD = "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: f\n";

    @Test
    void flatAndNestedKeysListsAndScalarsBecomeFlinkStringsInFileOrder() throws Exception {
        LoadedConfig loaded =
                parse(
                        HEAD
                                + "flink:\n"
                                + "  config:\n"
                                + "    pipeline.object-reuse: true\n"
                                + "    restart-strategy:\n"
                                + "      type: fixed-delay\n"
                                + "      fixed-delay: {attempts: 3, delay: 1 s}\n"
                                + "    pipeline.jars: [a.jar, b.jar]\n"
                                + "    taskmanager.memory.network.fraction: 0.2\n");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().flink().config())
                .containsExactly(
                        Map.entry("pipeline.object-reuse", "true"),
                        Map.entry("restart-strategy.type", "fixed-delay"),
                        Map.entry("restart-strategy.fixed-delay.attempts", "3"),
                        Map.entry("restart-strategy.fixed-delay.delay", "1 s"),
                        Map.entry("pipeline.jars", "a.jar;b.jar"),
                        Map.entry("taskmanager.memory.network.fraction", "0.2"));
    }

    @Test
    void absentConfigIsEmpty() throws Exception {
        assertThat(parse(HEAD).config().flink().config()).isEmpty();
        assertThat(parse(HEAD + "flink:\n  parallelism: 2\n").config().flink().config()).isEmpty();
    }

    @Test
    void wrongShapesAreErrorsWithPositions() {
        assertThat(errors(HEAD + "flink:\n  config: [a, b]\n"))
                .containsExactly(
                        "w.yaml:7:11: error: expected a mapping for flink.config, found a list");
        assertThat(
                        errors(
                                HEAD
                                        + "flink:\n  config:\n    pipeline.name:\n    a: [x, {y: 1}]\n"
                                        + "    pipeline:\n      name: n\n    pipeline.name: m\n"))
                .containsExactlyInAnyOrder(
                        "w.yaml:8:19: error: expected a value (string, number or boolean) for"
                                + " flink.config.pipeline.name, found nothing (null)",
                        "w.yaml:9:12: error: expected a value (string, number or boolean) for an"
                                + " item of flink.config.a, found a mapping",
                        "w.yaml:12:5: error: duplicate key 'pipeline.name' in flink.config (first at"
                                + " line 8)");
    }

    @Test
    void nestedAndFlatSpellingsOfOneOptionAreOneOption() {
        assertThat(
                        errors(
                                HEAD
                                        + "flink:\n  config:\n    pipeline.name: a\n    pipeline:\n      name: b\n"))
                .containsExactly(
                        "w.yaml:10:7: error: duplicate Flink option 'pipeline.name' in flink.config");
    }

    @Test
    void optionsTheSectionOwnsAreWarnedAboutAndStillPassed() throws Exception {
        LoadedConfig loaded =
                parse(HEAD + "flink:\n  config:\n    execution.checkpointing.interval: 5s\n");
        assertThat(loaded.warnings())
                .extracting(Diagnostic::toString)
                .containsExactly(
                        "w.yaml:8:5: warning: flink.config.execution.checkpointing.interval is set"
                                + " by flink.checkpoint-interval, which the bridge's sinks and"
                                + " listener follow: use flink.checkpoint-interval instead");
        assertThat(loaded.config().flink().config())
                .containsEntry("execution.checkpointing.interval", "5s");
    }
}

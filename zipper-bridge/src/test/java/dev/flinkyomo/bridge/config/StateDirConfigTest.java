package dev.flinkyomo.bridge.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.flinkyomo.bridge.config.ConfigErrorsTest.errors;
import static dev.flinkyomo.bridge.config.ConfigErrorsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code flink.state-dir}: paths against the file, URIs as written, checkpointing implied. */
class StateDirConfigTest {

    private static final String HEAD = "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: f\n";

    @Test
    void withoutAStateDirNothingIsKeptAndCheckpointingStaysOff() throws Exception {
        FlinkSettings f = parse(HEAD + "flink:\n  parallelism: 2\n").config().flink();
        assertThat(f.stateDir()).isEmpty();
        assertThat(f.checkpointInterval()).isEmpty();
        assertThat(parse(HEAD).config().flink().stateDir()).isEmpty();
    }

    @Test
    void relativeStateDirResolvesAgainstTheFilesDirectoryAndImpliesTenSecondCheckpoints()
            throws Exception {
        FlinkSettings f =
                parse(HEAD + "flink:\n  state-dir: state/../zipper-state\n").config().flink();
        assertThat(f.stateDir()).contains("/configs/zipper-state");
        assertThat(f.checkpointInterval()).contains(Duration.ofSeconds(10));
    }

    @Test
    void relativeStateDirOfARealFileIsUnderItsDirectory(@TempDir Path dir) throws Exception {
        Path file =
                Files.writeString(dir.resolve("workflow.yaml"), HEAD + "flink:\n  state-dir: st\n");
        FlinkSettings f = new ZipperConfigParser().parse(file).config().flink();
        assertThat(f.stateDir())
                .contains(dir.toAbsolutePath().normalize().resolve("st").toString());
    }

    @Test
    void absolutePathsAndUrisAreKeptAndAnIntervalIsHonoured() throws Exception {
        FlinkSettings local =
                parse(HEAD + "flink:\n  state-dir: /var/lib/zipper\n  checkpoint-interval: 1min\n")
                        .config()
                        .flink();
        assertThat(local.stateDir()).contains("/var/lib/zipper");
        assertThat(local.checkpointInterval()).contains(Duration.ofMinutes(1));
        assertThat(
                        parse(HEAD + "flink:\n  state-dir: s3://bucket/zipper\n")
                                .config()
                                .flink()
                                .stateDir())
                .contains("s3://bucket/zipper");
        assertThat(
                        parse(HEAD + "flink:\n  state-dir: file:///var/lib/zipper\n")
                                .config()
                                .flink()
                                .stateDir())
                .contains("file:///var/lib/zipper");
    }

    @Test
    void badValuesNameFileLineAndColumn() {
        assertThat(errors(HEAD + "flink:\n  state-dir: ''\n"))
                .containsExactly(
                        "w.yaml:7:14: error: expected a non-empty string for flink.state-dir, found an empty string");
        assertThat(errors(HEAD + "flink:\n  state-dir: [a, b]\n"))
                .containsExactly(
                        "w.yaml:7:14: error: expected a string for flink.state-dir, found a list");
        assertThat(errors(HEAD + "flink:\n  state-dir: 's3://bucket/a b'\n"))
                .singleElement()
                .asString()
                .startsWith(
                        "w.yaml:7:14: error: invalid URI for flink.state-dir: Illegal character");
        assertThat(errors(HEAD + "flink:\n  state-dir: st\n  checkpoint-interval: 1ms\n"))
                .containsExactly(
                        "w.yaml:8:24: error: flink.checkpoint-interval must be at least 10ms (Flink's minimum), got 1ms");
    }
}

package dev.flinkyomo.bridge.job.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which retained checkpoints count and in which order; that a damaged one is skipped for the one
 * before it is shown with real checkpoints in {@code StateRestartITCase}.
 */
class RetainedCheckpointsTest {

    private static final String RUN_1 = "0123456789abcdef0123456789abcdef";
    private static final String RUN_2 = "fedcba9876543210fedcba9876543210";

    @TempDir Path dir;

    @Test
    void newestIsTheLastWrittenNotTheHighestNumber() throws Exception {
        // run 1 got to checkpoint 40; run 2 was started with --no-resume and is at 3
        checkpoint(RUN_1, 39, 1_000);
        checkpoint(RUN_1, 40, 2_000);
        checkpoint(RUN_2, 2, 3_000);
        checkpoint(RUN_2, 3, 4_000);

        assertThat(ids(new RetainedCheckpoints(dir.toString()).newestFirst()))
                .containsExactly(RUN_2 + "/3", RUN_2 + "/2", RUN_1 + "/40", RUN_1 + "/39");
    }

    @Test
    void unfinishedCheckpointsAndForeignDirectoriesAreIgnored() throws Exception {
        checkpoint(RUN_1, 7, 1_000);
        Files.createDirectories(dir.resolve(RUN_1).resolve("chk-8")); // cut short: no _metadata
        Files.createDirectories(dir.resolve(RUN_1).resolve("shared"));
        Files.createDirectories(dir.resolve(RUN_1).resolve("taskowned"));
        Files.createDirectories(dir.resolve("not-a-job").resolve("chk-9"));
        Files.writeString(dir.resolve("not-a-job/chk-9/_metadata"), "x");
        Files.writeString(dir.resolve("README"), "x");

        assertThat(ids(new RetainedCheckpoints(dir.toString()).newestFirst()))
                .containsExactly(RUN_1 + "/7");
    }

    @Test
    void noDirectoryMeansNothingToResume() throws Exception {
        RetainedCheckpoints none = new RetainedCheckpoints(dir.resolve("missing").toString());
        assertThat(none.newestFirst()).isEmpty();
        assertThat(none.latestUsable(w -> {})).isEmpty();
    }

    @Test
    void metadataThatDoesNotLoadIsSkippedWithTheReason() throws Exception {
        checkpoint(RUN_1, 1, 1_000); // "not metadata": Flink's loader rejects it
        List<String> warnings = new ArrayList<>();

        assertThat(new RetainedCheckpoints(dir.toString()).latestUsable(warnings::add)).isEmpty();
        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("skipping checkpoint 1 of job " + RUN_1)
                .contains("its metadata does not load");
    }

    private void checkpoint(String job, long id, long writtenAtMillis) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + id));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "not metadata");
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochMilli(writtenAtMillis)));
    }

    private static List<String> ids(List<RetainedCheckpoints.Retained> found) {
        return found.stream().map(r -> r.jobId() + "/" + r.checkpointId()).toList();
    }
}

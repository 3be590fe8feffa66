package dev.flinkyomo.bridge.job.state;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints earlier runs left in {@code <state-dir>/checkpoints}, and the one to resume from.
 *
 * <p>Each run is a Flink job with its own id, so the directory holds {@code <job id>/chk-<n>} of
 * every run. A checkpoint counts once its {@code _metadata} is written (Flink writes it last, so a
 * {@code chk-<n>} without one was cut short). The newest is the one whose {@code _metadata} was
 * written last: checkpoint numbers continue across a resumed run but start again at 1 after {@code
 * --no-resume}, so they cannot order runs. Before it is chosen, its metadata is read through
 * Flink's own loader; one that does not load (truncated, corrupt, unreadable) is skipped with a
 * warning and the next newest is tried.
 */
public final class RetainedCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(RetainedCheckpoints.class);

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    static final String METADATA = "_metadata";

    private final Path dir;

    public RetainedCheckpoints(String checkpointsDir) {
        this.dir = new Path(checkpointsDir);
    }

    /** A completed checkpoint of one run. */
    public record Retained(String path, String jobId, long checkpointId, long writtenAt) {
        @Override
        public String toString() {
            return "checkpoint " + checkpointId + " of job " + jobId + " (" + path + ")";
        }
    }

    /** Every checkpoint with a {@code _metadata} file, newest first. */
    public List<Retained> newestFirst() throws IOException {
        FileSystem fs = dir.getFileSystem();
        List<Retained> found = new ArrayList<>();
        if (!fs.exists(dir)) {
            return found;
        }
        for (FileStatus job : listOrEmpty(fs, dir)) {
            String jobId = job.getPath().getName();
            if (!job.isDir() || !JOB_ID.matcher(jobId).matches()) {
                continue;
            }
            for (FileStatus chk : listOrEmpty(fs, job.getPath())) {
                Matcher m = CHECKPOINT.matcher(chk.getPath().getName());
                if (!chk.isDir() || !m.matches()) {
                    continue;
                }
                Path metadata = new Path(chk.getPath(), METADATA);
                if (!fs.exists(metadata)) {
                    continue;
                }
                found.add(
                        new Retained(
                                chk.getPath().toString(),
                                jobId,
                                Long.parseLong(m.group(1)),
                                fs.getFileStatus(metadata).getModificationTime()));
            }
        }
        found.sort(
                Comparator.comparingLong(Retained::writtenAt)
                        .thenComparingLong(Retained::checkpointId)
                        .reversed());
        return found;
    }

    /**
     * The newest checkpoint whose metadata loads; each one skipped on the way is reported to {@code
     * warn} (and logged at WARN) with the reason.
     */
    public Optional<Retained> latestUsable(Consumer<String> warn) throws IOException {
        for (Retained r : newestFirst()) {
            Optional<String> problem = problem(r);
            if (problem.isEmpty()) {
                return Optional.of(r);
            }
            String message = "skipping " + r + ": " + problem.get();
            LOG.warn("{}", message);
            warn.accept(message);
        }
        return Optional.empty();
    }

    /** Why {@code r} cannot be restored from, if its metadata does not load. */
    static Optional<String> problem(Retained r) {
        Path metadata = new Path(r.path(), METADATA);
        try (FSDataInputStream in = metadata.getFileSystem().open(metadata);
                DataInputStream data = new DataInputStream(in)) {
            Checkpoints.loadCheckpointMetadata(
                    data, RetainedCheckpoints.class.getClassLoader(), r.path());
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("its metadata does not load (" + e + ")");
        }
    }

    private static List<FileStatus> listOrEmpty(FileSystem fs, Path p) throws IOException {
        FileStatus[] statuses = fs.listStatus(p);
        return statuses == null ? List.of() : List.of(statuses);
    }
}

package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.api.common.TaskInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Where a subtask's lines go: {@code path} when the sink has one subtask, {@code path.<subtask>}
 * when it has several; and, for the committing sink, its pending files beside that target, {@code
 * .<name>.pending-<sequence>} (hidden, so a directory listing shows the same files as before).
 */
final class SubtaskFiles {

    private static final String PENDING = ".pending-";

    private SubtaskFiles() {}

    /** The file this subtask appends to, its directory created. */
    static Path target(String path, TaskInfo task) throws IOException {
        Path file =
                Path.of(
                        task.getNumberOfParallelSubtasks() == 1
                                ? path
                                : path + "." + task.getIndexOfThisSubtask());
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return file;
    }

    static Path pending(Path target, long sequence) {
        return target.resolveSibling("." + target.getFileName() + PENDING + sequence);
    }

    /** The sequence number of one of {@code target}'s pending files, or empty for other files. */
    static OptionalLong sequenceOf(Path target, Path file) {
        String prefix = "." + target.getFileName() + PENDING;
        String name = file.getFileName().toString();
        if (!name.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name.substring(prefix.length())));
        } catch (NumberFormatException notOurs) {
            return OptionalLong.empty();
        }
    }

    /** {@code target}'s pending files on disk, in no particular order. */
    static List<Path> pendingFiles(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> sequenceOf(target, f).isPresent()).forEach(found::add);
        }
        return found;
    }
}

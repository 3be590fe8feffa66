package dev.flinkyomo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One line of the bridge's file sink, {@code [noise] tag=0x34 tid=abc {"noise":4.2,...}}: which
 * stage wrote it ({@code source} for records from the listener), its tag, YoMo tid and payload.
 */
record SinkLine(String origin, long tag, String tid, String payload) {

    private static final Pattern LINE =
            Pattern.compile("\\[([^\\]]+)] tag=0x([0-9a-f]+) tid=(\\S+) (.*)");

    static SinkLine parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a file sink line with a tid: '" + line + "'");
        }
        return new SinkLine(m.group(1), Long.parseLong(m.group(2), 16), m.group(3), m.group(4));
    }

    /**
     * Every line of a file sink: {@code path} at parallelism 1, {@code path.<subtask>} beyond.
     * Lines are read whole only (the writer flushes at checkpoints, a reader may see a partial last
     * line).
     */
    static List<String> readAll(Path path) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(path.getParent())) {
            return lines;
        }
        String name = path.getFileName().toString();
        try (Stream<Path> files = Files.list(path.getParent())) {
            for (Path f :
                    (Iterable<Path>)
                            files.filter(
                                                    f ->
                                                            f.getFileName().toString().equals(name)
                                                                    || f.getFileName()
                                                                            .toString()
                                                                            .startsWith(name + "."))
                                            .sorted()
                                    ::iterator) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                if (end >= 0) {
                    lines.addAll(text.substring(0, end).lines().toList());
                }
            }
        }
        return lines;
    }
}

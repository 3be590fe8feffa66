package dev.flinkyomo.bridge.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code flink:} section:
 *
 * <pre>
 * flink:
 *   parallelism: 1
 *   checkpoint-interval: 10s        # default 10s with a state-dir, else off
 *   state-dir: state                # relative to the configuration file, or a URI
 *   functions-dir: functions        # relative to the configuration file
 *   functions: [noise]              # only for v1.16+ files, which list no functions
 *   sinks:
 *     - type: print
 *     - type: file
 *       path: out/results.txt
 *       tags: [0x34]
 *   config:                         # any Flink option, as in Flink's config.yaml
 *     pipeline.object-reuse: true
 * </pre>
 */
final class FlinkSectionReader {

    static final int MAX_PARALLELISM = 32_768;
    static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofMillis(10);

    private static final Set<String> KEYS =
            Set.of(
                    "parallelism",
                    "checkpoint-interval",
                    "state-dir",
                    "functions-dir",
                    "functions",
                    "sinks",
                    "config");

    /**
     * Flink options the section's own keys set: {@code flink.config} may name them, but the
     * bridge's file sinks and acknowledgements follow the section's keys.
     */
    private static final Map<String, String> OWN_KEYS =
            Map.of(
                    "parallelism.default", "flink.parallelism",
                    "execution.checkpointing.interval", "flink.checkpoint-interval",
                    "execution.checkpointing.dir", "flink.state-dir",
                    "execution.checkpointing.savepoint-dir", "flink.state-dir");

    /** {@code scheme:} at the start: a URI (s3://, hdfs://, file:/), not a path. */
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

    private static final Set<String> SINK_KEYS = Set.of("type", "path", "tags");

    private final NodeReader reader;
    private final Path baseDir;

    FlinkSectionReader(NodeReader reader, Path baseDir) {
        this.reader = reader;
        this.baseDir = baseDir;
    }

    FlinkSettings read(Optional<Node> section) {
        FlinkSettings defaults = FlinkSettings.defaults(baseDir);
        if (section.isEmpty()) {
            return defaults;
        }
        Optional<Fields> maybeFields = reader.mapping(section.get(), "the flink section");
        if (maybeFields.isEmpty()) {
            return defaults;
        }
        Fields fields = maybeFields.get();
        reader.warnUnknownKeys(fields, KEYS);

        int parallelism =
                fields.get("parallelism")
                        .flatMap(
                                n ->
                                        reader.integerInRange(
                                                n, "flink.parallelism", 1, MAX_PARALLELISM))
                        .map(Long::intValue)
                        .orElse(FlinkSettings.DEFAULT_PARALLELISM);
        Optional<Duration> checkpointing =
                fields.get("checkpoint-interval").flatMap(this::checkpointInterval);
        Optional<String> stateDir = fields.get("state-dir").flatMap(this::stateDir);
        if (stateDir.isPresent() && checkpointing.isEmpty() && !fields.has("checkpoint-interval")) {
            checkpointing = Optional.of(FlinkSettings.DEFAULT_CHECKPOINT_INTERVAL);
        }
        Path functionsDir = fields.get("functions-dir").flatMap(this::directory).orElse(baseDir);
        List<FunctionRef> functions =
                fields.get("functions").map(this::functionNames).orElse(List.of());
        List<ExtraSink> sinks = fields.get("sinks").map(this::sinks).orElse(List.of());
        Map<String, String> config = fields.get("config").map(this::options).orElse(Map.of());
        if (stateDir.isPresent() && checkpointing.isEmpty()) {
            // checkpoint-interval was given but wrong: its error is already reported
            return defaults;
        }
        return new FlinkSettings(
                parallelism, checkpointing, functionsDir, functions, sinks, stateDir, config);
    }

    /**
     * {@code flink.config}: Flink options as in Flink's own config.yaml, flat ({@code
     * pipeline.object-reuse: true}) or nested ({@code pipeline: {object-reuse: true}}); a list
     * becomes Flink's {@code a;b} list value. Keys and values are Flink's to check when the job is
     * built; here only the shape is.
     */
    private Map<String, String> options(Node node) {
        Map<String, String> options = new LinkedHashMap<>();
        reader.mapping(node, "flink.config").ifPresent(f -> options("", f, options));
        return options;
    }

    private void options(String prefix, Fields fields, Map<String, String> into) {
        for (String key : fields.keys()) {
            Node keyNode = fields.keyNode(key);
            Node value = fields.get(key).orElseThrow();
            String full = prefix + key.strip();
            if (key.isBlank()) {
                reader.error(
                        keyNode,
                        "expected a Flink option name in flink.config, found an empty key");
                continue;
            }
            if (value instanceof MappingNode) {
                reader.mapping(value, "flink.config." + full)
                        .ifPresent(nested -> options(full + ".", nested, into));
                continue;
            }
            Optional<String> text =
                    value instanceof SequenceNode
                            ? list(value, "flink.config." + full)
                            : scalar(value, "flink.config." + full);
            if (text.isEmpty()) {
                continue;
            }
            if (into.containsKey(full)) {
                reader.error(keyNode, "duplicate Flink option '" + full + "' in flink.config");
                continue;
            }
            String own = OWN_KEYS.get(full);
            if (own != null) {
                reader.warn(
                        keyNode,
                        "flink.config."
                                + full
                                + " is set by "
                                + own
                                + ", which the bridge's sinks and listener follow: use "
                                + own
                                + " instead");
            }
            into.put(full, text.get());
        }
    }

    private Optional<String> scalar(Node node, String what) {
        if (!(node instanceof ScalarNode) || node.getTag().equals(Tag.NULL)) {
            reader.error(
                    node,
                    "expected a value (string, number or boolean) for "
                            + what
                            + ", found "
                            + NodeReader.describe(node));
            return Optional.empty();
        }
        return Optional.of(((ScalarNode) node).getValue());
    }

    private Optional<String> list(Node node, String what) {
        List<String> items = new ArrayList<>();
        boolean ok = true;
        for (Node item : ((SequenceNode) node).getValue()) {
            Optional<String> text = scalar(item, "an item of " + what);
            ok &= text.isPresent();
            text.ifPresent(items::add);
        }
        return ok ? Optional.of(String.join(";", items)) : Optional.empty();
    }

    /**
     * A URI with a scheme is kept as written (Flink resolves it with its file system plugins);
     * anything else is a local path, resolved against the file's directory.
     */
    private Optional<String> stateDir(Node node) {
        return reader.nonEmptyString(node, "flink.state-dir")
                .flatMap(
                        text -> {
                            if (!URI_SCHEME.matcher(text).matches()) {
                                return path(node, text, "flink.state-dir").map(Path::toString);
                            }
                            try {
                                new URI(text);
                                return Optional.of(text);
                            } catch (URISyntaxException e) {
                                reader.error(
                                        node, "invalid URI for flink.state-dir: " + e.getMessage());
                                return Optional.empty();
                            }
                        });
    }

    private Optional<Duration> checkpointInterval(Node node) {
        return reader.string(node, "flink.checkpoint-interval")
                .flatMap(
                        text -> {
                            Optional<Duration> d = DurationParser.parse(text);
                            if (d.isEmpty()) {
                                reader.error(
                                        node,
                                        "expected a duration such as 500ms, 10s or 1min for flink.checkpoint-interval, found '"
                                                + text
                                                + "'");
                            } else if (d.get().compareTo(MIN_CHECKPOINT_INTERVAL) < 0) {
                                reader.error(
                                        node,
                                        "flink.checkpoint-interval must be at least 10ms (Flink's minimum), got "
                                                + text);
                                return Optional.empty();
                            }
                            return d;
                        });
    }

    private Optional<Path> directory(Node node) {
        return reader.nonEmptyString(node, "flink.functions-dir")
                .flatMap(text -> path(node, text, "flink.functions-dir"));
    }

    private Optional<Path> path(Node node, String text, String what) {
        try {
            return Optional.of(baseDir.resolve(text).normalize());
        } catch (InvalidPathException e) {
            reader.error(node, "invalid path for " + what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private List<FunctionRef> functionNames(Node node) {
        List<FunctionRef> names = new ArrayList<>();
        reader.sequence(node, "flink.functions")
                .ifPresent(
                        items ->
                                items.forEach(
                                        item ->
                                                reader.nonEmptyString(
                                                                item,
                                                                "a function name in flink.functions")
                                                        .ifPresent(
                                                                name ->
                                                                        names.add(
                                                                                new FunctionRef(
                                                                                        name,
                                                                                        reader.at(
                                                                                                item))))));
        return names;
    }

    private List<ExtraSink> sinks(Node node) {
        List<ExtraSink> sinks = new ArrayList<>();
        reader.sequence(node, "flink.sinks")
                .ifPresent(items -> items.forEach(item -> sink(item).ifPresent(sinks::add)));
        return sinks;
    }

    private Optional<ExtraSink> sink(Node node) {
        Optional<Fields> maybeFields = reader.mapping(node, "a flink.sinks entry");
        if (maybeFields.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = maybeFields.get();
        reader.warnUnknownKeys(fields, SINK_KEYS);
        Optional<ExtraSink.Kind> kind = reader.required(fields, "type").flatMap(this::kind);
        Set<Long> tags =
                fields.get("tags").map(n -> reader.tags(n, "the sink's tags")).orElse(Set.of());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Position at = reader.at(node);
        if (kind.get() == ExtraSink.Kind.PRINT) {
            if (fields.has("path")) {
                reader.warn(fields.keyNode("path"), "'path' is ignored by a print sink");
            }
            return Optional.of(new ExtraSink(ExtraSink.Kind.PRINT, Optional.empty(), tags, at));
        }
        return reader.required(fields, "path")
                .flatMap(
                        n ->
                                reader.nonEmptyString(n, "the file sink's path")
                                        .flatMap(text -> path(n, text, "the file sink's path")))
                .map(p -> new ExtraSink(ExtraSink.Kind.FILE, Optional.of(p), tags, at));
    }

    private Optional<ExtraSink.Kind> kind(Node node) {
        return reader.string(node, "the sink type")
                .flatMap(
                        text -> {
                            for (ExtraSink.Kind kind : ExtraSink.Kind.values()) {
                                if (kind.spelling().equals(text)) {
                                    return Optional.of(kind);
                                }
                            }
                            reader.error(
                                    node,
                                    "unknown sink type '"
                                            + text
                                            + "', expected one of: print, file");
                            return Optional.empty();
                        });
    }
}

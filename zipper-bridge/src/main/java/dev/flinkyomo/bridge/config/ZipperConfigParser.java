package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.yomo.Credential;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a YoMo zipper configuration of any generation (v1.0 {@code workflow.yaml} to v1.22 {@code
 * config.yaml}) plus the bridge's optional {@code flink:} section.
 *
 * <p>The file is composed into YAML nodes (not bound to objects) so every diagnostic carries the
 * line and column of the offending node. All problems are collected; {@link ConfigException} lists
 * every error and warning, and no partially valid configuration is ever returned.
 */
@PublicEvolving
public final class ZipperConfigParser {

    /** Far more than any zipper file; bounds what a hostile file can make the parser hold. */
    static final int MAX_FILE_CODE_POINTS = 1 << 20;

    /** Deepest nesting of mappings and sequences accepted; real files nest 3 or 4 deep. */
    static final int MAX_NESTING = 64;

    static final long MAX_FILE_BYTES = 4L * MAX_FILE_CODE_POINTS;

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of(
                    "name",
                    "host",
                    "port",
                    "auth",
                    "flows",
                    "sinks",
                    "functions",
                    "downstreams",
                    "mesh",
                    "bridge",
                    "flink");

    /** The keys whose presence makes a file a generation that lists its functions. */
    private static final Set<String> LIST_KEYS = Set.of("functions", "flows", "sinks");

    /** The keys that tell the generations apart, in the order messages name them. */
    private static final List<String> GENERATION_KEYS =
            List.of("flows", "sinks", "functions", "auth", "downstreams", "mesh");

    private static final Set<String> AUTH_KEYS = Set.of("type", "token");
    private static final Set<String> FUNCTION_KEYS = Set.of("name");
    private static final Set<String> APP_KEYS = Set.of("name", "host", "port");
    private static final Set<String> PEER_KEYS = Set.of("host", "port", "credential");
    private static final Set<String> PEER_LIST_KEYS = Set.of("name", "host", "port", "credential");

    /** Reads a file; relative paths of the {@code flink:} section resolve against its directory. */
    public LoadedConfig parse(Path file) throws ConfigException {
        String label = file.toString();
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw single(
                    label, "the configuration file must end in .yaml or .yml, as YoMo requires");
        }
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw single(
                        label,
                        "the file is larger than "
                                + MAX_FILE_BYTES
                                + " bytes; this is not a zipper configuration");
            }
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                            .toString();
        } catch (CharacterCodingException e) {
            throw single(label, "the file is not valid UTF-8");
        } catch (NoSuchFileException e) {
            throw single(label, "no such file");
        } catch (IOException e) {
            throw single(label, "cannot read the file: " + e);
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(label, text, dir);
    }

    /** Reads configuration text; {@code label} names it in messages. */
    public LoadedConfig parse(String label, String text, Path baseDir) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics();
        NodeReader reader = new NodeReader(label, diagnostics);
        Optional<Node> root = compose(label, text, diagnostics);
        diagnostics.throwIfErrors("invalid YAML in " + label);
        if (root.isEmpty()) {
            diagnostics.error(
                    new Position(label, 1, 1),
                    "the file is empty; expected a mapping with name, host and port");
            diagnostics.throwIfErrors("invalid zipper configuration " + label);
        }
        Optional<ZipperConfig> config = new Reading(label, reader, baseDir).read(root.get());
        diagnostics.throwIfErrors("invalid zipper configuration " + label);
        return new LoadedConfig(config.orElseThrow(), diagnostics.warnings());
    }

    private static Optional<Node> compose(String label, String text, Diagnostics diagnostics) {
        LoadSettings settings =
                LoadSettings.builder()
                        .setLabel(label)
                        .setSchema(new CoreSchema())
                        .setCodePointLimit(MAX_FILE_CODE_POINTS)
                        .setMaxAliasesForCollections(50)
                        .setAllowRecursiveKeys(false)
                        .build();
        try {
            Optional<Mark> tooDeep = firstTooDeep(settings, text);
            if (tooDeep.isPresent()) {
                Mark m = tooDeep.get();
                diagnostics.error(
                        new Position(label, m.getLine() + 1, m.getColumn() + 1),
                        "YAML nests deeper than "
                                + MAX_NESTING
                                + " collections here; a zipper configuration needs a handful");
                return Optional.empty();
            }
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            Position at =
                    mark.map(m -> new Position(label, m.getLine() + 1, m.getColumn() + 1))
                            .orElse(Position.ofFile(label));
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            String context =
                    e.getContext() != null && e.getProblem() != null ? e.getContext() + ": " : "";
            diagnostics.error(at, "YAML syntax: " + context + problem);
        } catch (YamlEngineException e) {
            diagnostics.error(Position.ofFile(label), "YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Where the collections first nest deeper than {@link #MAX_NESTING}, if they do.
     * snakeyaml-engine composes nodes recursively, so a file of 20,000 nested brackets ended in a
     * StackOverflowError (ConfigErrorsTest); its event parser is iterative, so one pass over the
     * events finds the depth first. The files are at most {@link #MAX_FILE_CODE_POINTS} long, so
     * the extra pass is cheap.
     */
    private static Optional<Mark> firstTooDeep(LoadSettings settings, String text) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > MAX_NESTING) {
                        return e.getStartMark();
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> {}
            }
        }
        return Optional.empty();
    }

    private static ConfigException single(String label, String message) {
        Diagnostics d = new Diagnostics();
        d.error(Position.ofFile(label), message);
        return new ConfigException("invalid zipper configuration " + label, d.all());
    }

    /** One parse: the state that would otherwise be threaded through every method. */
    private static final class Reading {
        private final String label;
        private final NodeReader reader;
        private final Path baseDir;
        private boolean sawDialAddresses;

        Reading(String label, NodeReader reader, Path baseDir) {
            this.label = label;
            this.reader = reader;
            this.baseDir = baseDir;
        }

        Optional<ZipperConfig> read(Node root) {
            Optional<Fields> maybeTop = reader.mapping(root, "the zipper configuration");
            if (maybeTop.isEmpty()) {
                return Optional.empty();
            }
            Fields top = maybeTop.get();
            Optional<String> listTypo = functionListTypo(top);
            Set<String> notWarned = new java.util.HashSet<>(TOP_LEVEL_KEYS);
            listTypo.ifPresent(notWarned::add);
            reader.warnUnknownKeys(top, notWarned);
            top.get("bridge")
                    .ifPresent(
                            n ->
                                    reader.warn(
                                            top.keyNode("bridge"),
                                            "the 'bridge' section (YoMo AI/MCP bridges) has no Flink counterpart and is ignored"));

            Optional<String> name =
                    reader.required(top, "name").flatMap(n -> reader.nonEmptyString(n, "name"));
            Optional<String> host =
                    reader.required(top, "host").flatMap(n -> reader.nonEmptyString(n, "host"));
            Optional<Integer> port =
                    reader.required(top, "port").flatMap(n -> reader.port(n, "port"));
            List<FunctionRef> functions = functions(top);
            Optional<ConfigGeneration> generation = generation(top);
            Optional<AuthConfig> auth = top.get("auth").flatMap(this::auth);
            String meshKey = top.has("mesh") ? "mesh" : "downstreams";
            List<MeshPeer> mesh = top.get(meshKey).map(n -> peers(n, meshKey)).orElse(List.of());
            FlinkSettings flink = new FlinkSectionReader(reader, baseDir).read(top.get("flink"));

            generation.ifPresent(g -> checkFunctionSources(top, g, functions, flink));
            listTypo.ifPresent(typo -> checkFunctionListTypo(top, typo, flink));
            if (reader.diagnostics().hasErrors()
                    || name.isEmpty()
                    || host.isEmpty()
                    || port.isEmpty()
                    || generation.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new ZipperConfig(
                            label,
                            name.get(),
                            host.get(),
                            port.get(),
                            auth,
                            functions,
                            mesh,
                            generation.get(),
                            flink));
        }

        /**
         * Tells the generation from the keys present; keys of different generations are an error.
         */
        private Optional<ConfigGeneration> generation(Fields top) {
            List<String> present = new ArrayList<>();
            for (String key :
                    List.of("flows", "sinks", "functions", "auth", "downstreams", "mesh")) {
                if (top.has(key)) {
                    present.add(key);
                }
            }
            boolean legacy = top.has("flows") || top.has("sinks");
            for (String later : List.of("functions", "auth", "downstreams", "mesh")) {
                if (legacy && top.has(later)) {
                    reader.error(
                            top.keyNode(later),
                            "'"
                                    + later
                                    + "' (YoMo v1.4+) cannot be combined with 'flows'/'sinks'"
                                    + " (YoMo v1.0-v1.3); use one generation's keys");
                    return Optional.empty();
                }
            }
            if (top.has("mesh") && top.has("downstreams")) {
                reader.error(
                        top.keyNode("mesh"),
                        "'mesh' (YoMo v1.18+) and 'downstreams' (v1.13-v1.17) are the same list"
                                + " under two names; keep one");
                return Optional.empty();
            }
            if (top.has("mesh") && top.has("functions")) {
                reader.error(
                        top.keyNode("functions"),
                        "'functions' was removed in YoMo v1.16 and cannot be combined with"
                                + " 'mesh' (v1.18+); list the functions to run under flink.functions instead");
                return Optional.empty();
            }
            if (legacy) {
                return Optional.of(
                        sawDialAddresses ? ConfigGeneration.V1_0 : ConfigGeneration.V1_2);
            }
            if (top.has("functions")) {
                return Optional.of(
                        top.has("auth") || top.has("downstreams")
                                ? ConfigGeneration.V1_13
                                : ConfigGeneration.V1_4);
            }
            if (top.has("mesh")) {
                return Optional.of(ConfigGeneration.V1_18);
            }
            // Neither functions nor mesh: v1.16-v1.17 (auth and downstreams both optional there).
            return Optional.of(ConfigGeneration.V1_16);
        }

        private Optional<AuthConfig> auth(Node node) {
            Optional<Fields> maybeFields = reader.mapping(node, "auth");
            if (maybeFields.isEmpty()) {
                return Optional.empty();
            }
            Fields fields = maybeFields.get();
            reader.warnUnknownKeys(fields, AUTH_KEYS);
            Optional<String> type =
                    reader.required(fields, "type").flatMap(n -> reader.string(n, "auth.type"));
            if (type.isEmpty()) {
                return Optional.empty();
            }
            if (!AuthConfig.TOKEN.equals(type.get())) {
                reader.error(
                        fields.get("type").get(),
                        "unknown auth type '"
                                + type.get()
                                + "', expected 'token'"
                                + " (the only type a YoMo zipper implements)");
                return Optional.empty();
            }
            return reader.required(fields, "token")
                    .flatMap(n -> reader.nonEmptyString(n, "auth.token"))
                    .map(token -> new AuthConfig(AuthConfig.TOKEN, token));
        }

        /**
         * {@code functions}, or {@code flows} followed by {@code sinks} (the order v1.3 ran them
         * in).
         */
        private List<FunctionRef> functions(Fields top) {
            List<FunctionRef> functions = new ArrayList<>();
            top.get("flows").ifPresent(n -> appList(n, "flows", functions));
            top.get("sinks").ifPresent(n -> appList(n, "sinks", functions));
            top.get("functions")
                    .ifPresent(
                            n ->
                                    reader.sequence(n, "functions")
                                            .ifPresent(
                                                    items -> {
                                                        for (Node item : items) {
                                                            reader.mapping(
                                                                            item,
                                                                            "a functions entry")
                                                                    .ifPresent(
                                                                            fields -> {
                                                                                reader
                                                                                        .warnUnknownKeys(
                                                                                                fields,
                                                                                                FUNCTION_KEYS);
                                                                                reader.required(
                                                                                                fields,
                                                                                                "name")
                                                                                        .flatMap(
                                                                                                v ->
                                                                                                        reader
                                                                                                                .nonEmptyString(
                                                                                                                        v,
                                                                                                                        "the function name"))
                                                                                        .ifPresent(
                                                                                                name ->
                                                                                                        functions
                                                                                                                .add(
                                                                                                                        new FunctionRef(
                                                                                                                                name,
                                                                                                                                reader
                                                                                                                                        .at(
                                                                                                                                                item))));
                                                                            });
                                                        }
                                                    }));
            Map<String, FunctionRef> seen = new LinkedHashMap<>();
            for (FunctionRef f : functions) {
                FunctionRef first = seen.putIfAbsent(f.name(), f);
                if (first != null) {
                    reader.diagnostics()
                            .error(
                                    f.position(),
                                    "function '"
                                            + f.name()
                                            + "' is listed twice (first at line "
                                            + first.position().line()
                                            + "); each name runs once, in list order");
                }
            }
            return functions;
        }

        private void appList(Node node, String key, List<FunctionRef> out) {
            reader.sequence(node, key)
                    .ifPresent(
                            items -> {
                                for (Node item : items) {
                                    reader.mapping(item, "a " + key + " entry")
                                            .ifPresent(
                                                    fields -> {
                                                        reader.warnUnknownKeys(fields, APP_KEYS);
                                                        Optional<String> name =
                                                                reader.required(fields, "name")
                                                                        .flatMap(
                                                                                v ->
                                                                                        reader
                                                                                                .nonEmptyString(
                                                                                                        v,
                                                                                                        key
                                                                                                                + " name"));
                                                        fields.get("port")
                                                                .ifPresent(
                                                                        p ->
                                                                                reader.port(
                                                                                        p,
                                                                                        key
                                                                                                + " port"));
                                                        fields.get("host")
                                                                .ifPresent(
                                                                        h ->
                                                                                reader.string(
                                                                                        h,
                                                                                        key
                                                                                                + " host"));
                                                        sawDialAddresses |=
                                                                fields.has("host")
                                                                        || fields.has("port");
                                                        if (name.isPresent()
                                                                && (fields.has("host")
                                                                        || fields.has("port"))) {
                                                            reader.warn(
                                                                    item,
                                                                    "host/port of '"
                                                                            + name.get()
                                                                            + "' are v1.0 dial-out addresses and are ignored:"
                                                                            + " the bridge runs '"
                                                                            + name.get()
                                                                            + "' inside the Flink job");
                                                        }
                                                        name.ifPresent(
                                                                n ->
                                                                        out.add(
                                                                                new FunctionRef(
                                                                                        n,
                                                                                        reader.at(
                                                                                                item))));
                                                    });
                                }
                            });
        }

        /**
         * {@code mesh}/{@code downstreams}: a map by name (v1.15, v1.18+) or a list of entries with
         * a name.
         */
        private List<MeshPeer> peers(Node node, String key) {
            List<MeshPeer> peers = new ArrayList<>();
            if (node instanceof SequenceNode) {
                reader.sequence(node, key)
                        .ifPresent(
                                items ->
                                        items.forEach(
                                                item ->
                                                        reader.mapping(item, "a " + key + " entry")
                                                                .ifPresent(
                                                                        fields -> {
                                                                            reader.warnUnknownKeys(
                                                                                    fields,
                                                                                    PEER_LIST_KEYS);
                                                                            reader.required(
                                                                                            fields,
                                                                                            "name")
                                                                                    .flatMap(
                                                                                            n ->
                                                                                                    reader
                                                                                                            .nonEmptyString(
                                                                                                                    n,
                                                                                                                    "the peer name"))
                                                                                    .flatMap(
                                                                                            name ->
                                                                                                    peer(
                                                                                                            name,
                                                                                                            fields,
                                                                                                            item))
                                                                                    .ifPresent(
                                                                                            peers
                                                                                                    ::add);
                                                                        })));
                return peers;
            }
            reader.mapping(node, key)
                    .ifPresent(
                            byName -> {
                                for (String name : byName.keys()) {
                                    Node value = byName.get(name).orElseThrow();
                                    reader.mapping(value, "peer '" + name + "'")
                                            .ifPresent(
                                                    fields -> {
                                                        reader.warnUnknownKeys(fields, PEER_KEYS);
                                                        peer(name, fields, byName.keyNode(name))
                                                                .ifPresent(peers::add);
                                                    });
                                }
                            });
            return peers;
        }

        private Optional<MeshPeer> peer(String name, Fields fields, Node anchor) {
            Optional<String> host =
                    reader.required(fields, "host")
                            .flatMap(n -> reader.nonEmptyString(n, "host of peer '" + name + "'"));
            Optional<Integer> port =
                    reader.required(fields, "port")
                            .flatMap(n -> reader.port(n, "port of peer '" + name + "'"));
            Optional<Optional<Credential>> credential =
                    fields.get("credential")
                            .map(
                                    n ->
                                            reader.string(n, "credential of peer '" + name + "'")
                                                    .map(text -> credential(n, text)))
                            .orElse(Optional.of(Optional.empty()));
            if (host.isEmpty() || port.isEmpty() || credential.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new MeshPeer(
                            name, host.get(), port.get(), credential.get(), reader.at(anchor)));
        }

        private Optional<Credential> credential(Node node, String text) {
            Optional<Credential> c = Credential.parse(text);
            if (c.isEmpty()) {
                reader.error(
                        node,
                        "expected a credential of the form '<authName>:<payload>' (e.g. 'token:secret'),"
                                + " found no ':'");
            }
            return c;
        }

        /**
         * Which functions run is fixed by the YoMo list when the generation has one, else by {@code
         * flink.functions}; both at once would be ambiguous.
         */
        private void checkFunctionSources(
                Fields top,
                ConfigGeneration generation,
                List<FunctionRef> functions,
                FlinkSettings flink) {
            if (generation.listsFunctions() && !flink.functions().isEmpty()) {
                reader.diagnostics()
                        .error(
                                flink.functions().get(0).position(),
                                "flink.functions is only for YoMo v1.16+ files,"
                                        + " which have no functions list; this file already lists its functions");
            }
            if (generation.listsFunctions()
                    && functions.isEmpty()
                    && !reader.diagnostics().hasErrors()) {
                String key =
                        top.has("functions") ? "functions" : top.has("flows") ? "flows" : "sinks";
                reader.error(
                        top.keyNode(key),
                        "no stream function listed: this is a "
                                + generation
                                + " file because it has "
                                + quoted(GENERATION_KEYS.stream().filter(top::has).toList())
                                + ", and such a zipper runs only the functions it lists; list at"
                                + " least one, or remove '"
                                + key
                                + "' for a v1.16+ file (any function; flink.functions picks them)");
            }
        }

        /**
         * An unknown top-level key that is a near miss of 'functions', 'flows' or 'sinks' in a file
         * that has none of them nor 'mesh': without it the file would be read as a v1.16 file
         * running every function found, not the list its author wrote.
         */
        private Optional<String> functionListTypo(Fields top) {
            if (LIST_KEYS.stream().anyMatch(top::has) || top.has("mesh")) {
                return Optional.empty();
            }
            return top.keys().stream()
                    .filter(k -> !TOP_LEVEL_KEYS.contains(k))
                    .filter(
                            k ->
                                    Suggestions.closest(k, TOP_LEVEL_KEYS)
                                            .filter(LIST_KEYS::contains)
                                            .isPresent())
                    .findFirst();
        }

        private void checkFunctionListTypo(Fields top, String typo, FlinkSettings flink) {
            if (!flink.functions().isEmpty()) {
                // flink.functions says this is meant as a v1.16+ file: just a stray key
                reader.warn(
                        top.keyNode(typo),
                        "unknown key '"
                                + typo
                                + "' in "
                                + top.what()
                                + " is ignored"
                                + NodeReader.knownKeys(typo, TOP_LEVEL_KEYS));
                return;
            }
            reader.error(
                    top.keyNode(typo),
                    "unknown key '"
                            + typo
                            + "'; did you mean '"
                            + Suggestions.closest(typo, TOP_LEVEL_KEYS).orElseThrow()
                            + "'? Without it the file lists no functions and would be a "
                            + ConfigGeneration.V1_16
                            + " file (it has none of 'functions', 'flows', 'sinks' or 'mesh'),"
                            + " running every function found instead of a list");
        }

        private static String quoted(List<String> keys) {
            return keys.stream()
                    .map(k -> "'" + k + "'")
                    .collect(java.util.stream.Collectors.joining(" and "));
        }
    }
}

package dev.flinkyomo.bridge.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The environment as yomo v1.18's CLI sees it: the process's variables first, then each {@code
 * .env} file in turn for the names not yet set (godotenv.Load never overrides). {@code yomo} loads
 * {@code ./.env} for every command (cli/root.go initDotEnv), and {@code yomo run} the {@code .env}
 * next to a Go or executable function (serverless.LoadEnvFile(dir), for the function's process);
 * {@code sfn} reads both, the working directory's first.
 */
final class YomoEnvironment {

    /** {@code yomo run}'s flags read through viper: prefix YOMO_SFN, '-' as '_' (cli/viper). */
    static final String SFN_PREFIX = "YOMO_SFN_";

    /** yomo's ylog level: debug, info, warn or error. */
    static final String LOG_LEVEL = "YOMO_LOG_LEVEL";

    private final Map<String, String> vars;
    private final Map<String, String> origins;

    private YomoEnvironment(Map<String, String> vars, Map<String, String> origins) {
        this.vars = vars;
        this.origins = origins;
    }

    /** The process's variables, then those of the {@code .env} files that exist. */
    static YomoEnvironment load(Map<String, String> process, List<Path> dotEnvFiles)
            throws BadDotEnvException {
        Map<String, String> vars = new HashMap<>(process);
        Map<String, String> origins = new HashMap<>();
        for (Path file : dotEnvFiles) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadDotEnvException(file + ": cannot read: " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                Optional<Map.Entry<String, String>> entry = parseLine(file, i + 1, lines.get(i));
                if (entry.isPresent() && !vars.containsKey(entry.get().getKey())) {
                    vars.put(entry.get().getKey(), entry.get().getValue());
                    origins.put(entry.get().getKey(), file.toString());
                }
            }
        }
        return new YomoEnvironment(vars, origins);
    }

    /**
     * A variable that is set and not empty (viper without AllowEmptyEnv treats an empty one as
     * unset).
     */
    Optional<String> get(String name) {
        return Optional.ofNullable(vars.get(name)).filter(v -> !v.isEmpty());
    }

    /** {@code YOMO_SFN_NAME} or {@code YOMO_SFN_NAME (from ./.env)}, for messages. */
    String describe(String name) {
        String origin = origins.get(name);
        return origin == null ? name : name + " (from " + origin + ")";
    }

    /**
     * yomo's ylog levels: debug, info, warn, error (any case); another value is debug, as in ylog's
     * parseToSlogLevel. Empty when the variable is not set.
     */
    Optional<Level> logLevel() {
        return get(LOG_LEVEL)
                .map(
                        v ->
                                switch (v.toLowerCase(Locale.ROOT)) {
                                    case "info" -> Level.INFO;
                                    case "warn" -> Level.WARN;
                                    case "error" -> Level.ERROR;
                                    default -> Level.DEBUG;
                                });
    }

    /**
     * Applies {@code YOMO_LOG_LEVEL} to the YoMo side of the process (the bridge, the connector,
     * the Wasm host: {@code dev.flinkyomo}), as yomo applies it to its own logger; Flink's loggers
     * keep the console configuration.
     */
    void applyLogLevel() {
        logLevel()
                .ifPresent(
                        level -> {
                            try {
                                Configurator.setAllLevels("dev.flinkyomo", level);
                            } catch (LinkageError | RuntimeException e) {
                                // not Log4j 2 underneath: nothing to set
                            }
                        });
    }

    /**
     * One line of a {@code .env} file as godotenv reads it: {@code KEY=VALUE}, {@code KEY: VALUE},
     * an optional {@code export}, {@code #} comments, single-quoted (literal) and double-quoted
     * ({@code \n}, {@code \"}, {@code \\}) values.
     */
    static Optional<Map.Entry<String, String>> parseLine(Path file, int lineNo, String line)
            throws BadDotEnvException {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return Optional.empty();
        }
        if (s.startsWith("export ")) {
            s = s.substring("export ".length()).strip();
        }
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
        if (sep <= 0) {
            throw new BadDotEnvException(
                    file + ":" + lineNo + ": expected KEY=VALUE, got '" + line + "'");
        }
        String key = s.substring(0, sep).strip();
        String rest = s.substring(sep + 1).strip();
        String value;
        if (rest.startsWith("\"") || rest.startsWith("'")) {
            char quote = rest.charAt(0);
            StringBuilder b = new StringBuilder();
            int i = 1;
            boolean closed = false;
            for (; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == quote) {
                    closed = true;
                    break;
                }
                if (quote == '"' && c == '\\' && i + 1 < rest.length()) {
                    char n = rest.charAt(++i);
                    b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
                } else {
                    b.append(c);
                }
            }
            if (!closed) {
                throw new BadDotEnvException(
                        file + ":" + lineNo + ": unterminated quoted value of " + key);
            }
            value = b.toString();
        } else {
            int comment = rest.indexOf(" #");
            value = (comment < 0 ? rest : rest.substring(0, comment)).strip();
        }
        return Optional.of(Map.entry(key, value));
    }

    /** The {@code .env} files {@code sfn} reads for a module: ./.env, then the module's. */
    static List<Path> dotEnvFiles(Path workingDir, Path module) {
        List<Path> files = new ArrayList<>();
        files.add(workingDir.resolve(".env"));
        Path dir = workingDir.resolve(module).toAbsolutePath().normalize().getParent();
        if (dir != null
                && !dir.equals(
                        workingDir.resolve(".env").toAbsolutePath().normalize().getParent())) {
            files.add(dir.resolve(".env"));
        }
        return files;
    }

    /** A {@code .env} file yomo would refuse too ("Error loading .env file"). */
    static final class BadDotEnvException extends Exception {
        private static final long serialVersionUID = 1L;

        BadDotEnvException(String message) {
            super(message);
        }
    }
}

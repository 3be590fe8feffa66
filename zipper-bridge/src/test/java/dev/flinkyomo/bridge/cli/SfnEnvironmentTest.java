package dev.flinkyomo.bridge.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code sfn} reads yomo run's environment as yomo v1.18.10 does: YOMO_SFN_NAME, YOMO_SFN_ZIPPER,
 * YOMO_SFN_CREDENTIAL (cli/viper: a flag given wins, then the variable, then the default),
 * YOMO_LOG_LEVEL (core/ylog), from the process or a {@code .env} file (./.env, then the module's
 * directory; a variable already set wins, as godotenv.Load never overrides).
 */
class SfnEnvironmentTest {

    @TempDir Path dir;

    @AfterEach
    void resetLogLevels() {
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    /** {@code sfn} with this environment and working directory. */
    private CliTest.Run sfn(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZipperBridge.commandLine();
        SfnCommand sfn = (SfnCommand) cl.getSubcommands().get("sfn").getCommand();
        sfn.processEnvironment = env;
        sfn.workingDir = dir;
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "sfn";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cl.execute(all);
        return new CliTest.Run(code, out.toString(), err.toString());
    }

    private Path guest() throws Exception {
        try (InputStream in =
                getClass()
                        .getClassLoader()
                        .getResourceAsStream("dev/flinkyomo/wasm/guests/uppercase.wasm")) {
            assertThat(in).isNotNull();
            Path fn = Files.createDirectories(dir.resolve("fn"));
            return Files.write(fn.resolve("uppercase.wasm"), in.readAllBytes());
        }
    }

    /**
     * The function and zipper {@code sfn} resolves, from the first line it prints; {@code
     * --jobmanager} to a closed port then ends the command without starting a job.
     */
    private String resolved(Map<String, String> env, Path wasm, String... flags) {
        String[] args = new String[flags.length + 3];
        System.arraycopy(flags, 0, args, 0, flags.length);
        args[flags.length] = "--jobmanager";
        args[flags.length + 1] = "localhost:1";
        args[flags.length + 2] = wasm.toString();
        CliTest.Run r = sfn(env, args);
        return r.out().lines().findFirst().orElse("(nothing printed) " + r.err());
    }

    private static String line(String name, String zipper) {
        return "stream function '" + name + "' (uppercase.wasm) observes 0x33 at zipper " + zipper;
    }

    @Test
    @Timeout(120)
    void variablesFromTheProcessAndDotEnvFilesFlagsWin() throws Exception {
        Path wasm = guest();
        Files.writeString(
                dir.resolve(".env"), "# yomo's .env\nYOMO_SFN_ZIPPER=zipper.example:9100\n");
        Files.writeString(
                wasm.resolveSibling(".env"),
                "export YOMO_SFN_NAME=from-fn-dir\nYOMO_SFN_ZIPPER=ignored:1\n");
        Map<String, String> process =
                Map.of("YOMO_SFN_NAME", "from-process", "YOMO_SFN_ZIPPER", "z:9200");

        assertThat(resolved(Map.of(), wasm)).isEqualTo(line("from-fn-dir", "zipper.example:9100"));
        assertThat(resolved(process, wasm)).isEqualTo(line("from-process", "z:9200"));
        assertThat(resolved(process, wasm, "-n", "noise", "-z", "localhost:9000"))
                .isEqualTo(line("noise", "localhost:9000"));
        // an empty variable is unset, as viper reads it: the default
        Files.delete(dir.resolve(".env"));
        Files.delete(wasm.resolveSibling(".env"));
        assertThat(resolved(Map.of("YOMO_SFN_NAME", ""), wasm))
                .isEqualTo(line("app", "localhost:9000"));
    }

    @Test
    void badValuesNameTheirVariableAndFile() throws Exception {
        Path missing = dir.resolve("missing.wasm");
        CliTest.Run credential = sfn(Map.of("YOMO_SFN_CREDENTIAL", "nocolon"), missing.toString());
        assertThat(credential.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(credential.err())
                .contains(
                        "zipper-bridge sfn: YOMO_SFN_CREDENTIAL must be NAME:PAYLOAD, e.g. token:secret");
        // the flag wins over the bad variable: on to the module
        CliTest.Run flag =
                sfn(Map.of("YOMO_SFN_CREDENTIAL", "nocolon"), "-d", "token:x", missing.toString());
        assertThat(flag.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(flag.err()).contains("no Wasm module at " + missing);

        Files.writeString(dir.resolve(".env"), "YOMO_SFN_ZIPPER=localhost\n");
        CliTest.Run zipper = sfn(Map.of(), missing.toString());
        assertThat(zipper.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(zipper.err())
                .contains(
                        "zipper-bridge sfn: YOMO_SFN_ZIPPER (from "
                                + dir.resolve(".env")
                                + "): expected HOST:PORT, e.g. localhost:9000, got 'localhost'");

        Files.writeString(dir.resolve(".env"), "YOMO_SFN_NAME\n");
        CliTest.Run badFile = sfn(Map.of(), missing.toString());
        assertThat(badFile.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(badFile.err())
                .contains(
                        "error loading .env file: "
                                + dir.resolve(".env")
                                + ":1: expected KEY=VALUE, got 'YOMO_SFN_NAME'");
    }

    @Test
    void yomoLogLevelSetsTheYomoLoggers() throws Exception {
        sfn(Map.of("YOMO_LOG_LEVEL", "ERROR"), dir.resolve("missing.wasm").toString());
        assertThat(LogManager.getLogger("dev.flinkyomo.connector.yomo").getLevel())
                .isEqualTo(Level.ERROR);
        assertThat(LogManager.getLogger("org.apache.flink.runtime").getLevel())
                .as("Flink's loggers keep the console configuration")
                .isNotEqualTo(Level.ERROR);
    }

    @ParameterizedTest
    @CsvSource({
        "debug, DEBUG",
        "info, INFO",
        "INFO, INFO",
        "warn, WARN",
        "error, ERROR",
        // ylog's parseToSlogLevel starts from debug: any other word is debug
        "verbose, DEBUG",
        "warning, DEBUG"
    })
    void logLevelsMapAsYlogMapsThem(String value, String level) throws Exception {
        assertThat(YomoEnvironment.load(Map.of("YOMO_LOG_LEVEL", value), List.of()).logLevel())
                .contains(Level.toLevel(level));
    }

    @Test
    void dotEnvLinesAsGodotenvReadsThem() throws Exception {
        Path f = dir.resolve(".env");
        assertThat(YomoEnvironment.parseLine(f, 1, "A=1 # comment")).contains(Map.entry("A", "1"));
        assertThat(YomoEnvironment.parseLine(f, 1, "export B = two "))
                .contains(Map.entry("B", "two"));
        assertThat(YomoEnvironment.parseLine(f, 1, "C: yaml-style"))
                .contains(Map.entry("C", "yaml-style"));
        assertThat(YomoEnvironment.parseLine(f, 1, "D=\"a\\nb # not a comment\""))
                .contains(Map.entry("D", "a\nb # not a comment"));
        assertThat(YomoEnvironment.parseLine(f, 1, "E='token:x\\n'"))
                .contains(Map.entry("E", "token:x\\n"));
        assertThat(YomoEnvironment.parseLine(f, 1, "  # only a comment")).isEmpty();
        assertThatThrownBy(() -> YomoEnvironment.parseLine(f, 3, "F=\"open"))
                .hasMessage(f + ":3: unterminated quoted value of F");
    }
}

package dev.flinkyomo.bridge.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.cli.RunCommand.HostPort;
import dev.flinkyomo.bridge.cli.RunCommand.ZipperAddressConverter;
import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.bridge.job.RemoteSubmitter;
import dev.flinkyomo.bridge.job.StreamFunctionJobBuilder;
import dev.flinkyomo.bridge.job.YomoWasmTagReader;
import dev.flinkyomo.yomo.Credential;
import dev.flinkyomo.yomo.Tag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code zipper-bridge sfn FN.wasm}: Flink in place of {@code yomo run FN.wasm}, with the same
 * options: joins the zipper as a stream function and runs the module in a Flink job.
 */
@Command(
        name = "sfn",
        mixinStandardHelpOptions = true,
        description =
                "Runs a YoMo Wasm stream function as a Flink job connected to an existing zipper, in place of"
                        + " 'yomo run': the same module, options and zipper; embedded, or on a Flink cluster with --jobmanager.")
final class SfnCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "FN.wasm",
            description = "The stream function's Wasm module")
    Path module;

    @Option(
            names = {"-z", "--zipper"},
            paramLabel = "HOST:PORT",
            converter = ZipperAddressConverter.class,
            defaultValue = "localhost:9000",
            description = "YoMo zipper endpoint (default: $YOMO_SFN_ZIPPER, else ${DEFAULT-VALUE})")
    HostPort zipper;

    @Option(
            names = {"-n", "--name"},
            paramLabel = "NAME",
            defaultValue = "app",
            description = "Stream function name (default: $YOMO_SFN_NAME, else ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = {"-d", "--credential"},
            paramLabel = "NAME:PAYLOAD",
            description = "Client credential, e.g. token:secret (default: $YOMO_SFN_CREDENTIAL)")
    String credential;

    @Mixin JobOptions job;

    /** The process's variables; tests set their own. */
    Map<String, String> processEnvironment = System.getenv();

    /** Where {@code ./.env} is looked for; tests set their own. */
    Path workingDir = Path.of("");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        YomoEnvironment environment;
        try {
            environment =
                    YomoEnvironment.load(
                            processEnvironment, YomoEnvironment.dotEnvFiles(workingDir, module));
        } catch (YomoEnvironment.BadDotEnvException e) {
            err.println("zipper-bridge sfn: error loading .env file: " + e.getMessage());
            err.flush();
            return ExitCodes.INVALID_CONFIG;
        }
        environment.applyLogLevel();
        // As yomo run's viper: a flag given wins, then YOMO_SFN_<FLAG>, then the flag's default.
        ParseResult given = spec.commandLine().getParseResult();
        String credentialFrom = "--credential";
        if (!given.hasMatchedOption("--credential")
                && environment.get(YomoEnvironment.SFN_PREFIX + "CREDENTIAL").isPresent()) {
            credential = environment.get(YomoEnvironment.SFN_PREFIX + "CREDENTIAL").get();
            credentialFrom = environment.describe(YomoEnvironment.SFN_PREFIX + "CREDENTIAL");
        }
        if (!given.hasMatchedOption("--name")) {
            name = environment.get(YomoEnvironment.SFN_PREFIX + "NAME").orElse(name);
        }
        if (!given.hasMatchedOption("--zipper")
                && environment.get(YomoEnvironment.SFN_PREFIX + "ZIPPER").isPresent()) {
            try {
                zipper =
                        RunCommand.hostPort(
                                environment.get(YomoEnvironment.SFN_PREFIX + "ZIPPER").get(),
                                "localhost:9000");
            } catch (TypeConversionException e) {
                err.println(
                        "zipper-bridge sfn: "
                                + environment.describe(YomoEnvironment.SFN_PREFIX + "ZIPPER")
                                + ": "
                                + e.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            }
        }
        if (credential != null
                && Credential.parse(credential).filter(c -> !c.authName().isEmpty()).isEmpty()) {
            err.println(
                    "zipper-bridge sfn: "
                            + credentialFrom
                            + " must be NAME:PAYLOAD, e.g. token:secret");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (!Files.isRegularFile(module)) {
            err.println("zipper-bridge sfn: no Wasm module at " + module);
            err.flush();
            return ExitCodes.INVALID_CONFIG;
        }
        Set<Long> tags;
        try {
            tags = new YomoWasmTagReader().observedTags(module);
        } catch (RuntimeException e) {
            err.println("zipper-bridge sfn: " + EmbeddedRunner.rootMessage(e));
            err.flush();
            return ExitCodes.INVALID_CONFIG;
        }
        if (tags.isEmpty()) {
            err.println(
                    "zipper-bridge sfn: "
                            + module.getFileName()
                            + " observes no data tags (yomo_observe_datatags)");
            err.flush();
            return ExitCodes.INVALID_CONFIG;
        }
        String jobName = "zipper-bridge sfn " + name;
        StreamFunctionJobBuilder builder =
                new StreamFunctionJobBuilder(
                        zipper.host(),
                        zipper.port(),
                        name,
                        credential,
                        module.toAbsolutePath(),
                        tags);
        out.println(
                "stream function '"
                        + name
                        + "' ("
                        + module.getFileName()
                        + ") observes "
                        + tags.stream().sorted().map(Tag::format).collect(Collectors.joining(", "))
                        + " at zipper "
                        + zipper);
        out.flush();
        Configuration options = Configuration.fromMap(job.flinkOptions);
        try {
            if (job.jobManager == null) {
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(options);
                env.setParallelism(1); // one stream-function connection, as yomo run opens
                builder.build(env);
                EmbeddedRunner.Outcome outcome =
                        new EmbeddedRunner(out, job.restPorts, options)
                                .run(
                                        env,
                                        jobName,
                                        1,
                                        Optional.ofNullable(job.duration),
                                        rest -> {
                                            out.println("Flink web UI: " + rest);
                                            out.flush();
                                        });
                return outcome == EmbeddedRunner.Outcome.FAILED
                        ? ExitCodes.JOB_FAILED
                        : ExitCodes.OK;
            }
            RemoteSubmitter.checkReachable(job.jobManager.host(), job.jobManager.port());
            StreamExecutionEnvironment env =
                    RemoteSubmitter.environment(
                            job.jobManager.host(),
                            job.jobManager.port(),
                            options,
                            List.of(RemoteSubmitter.jobJar()));
            env.setParallelism(1); // one stream-function connection, as yomo run opens
            builder.build(env);
            RemoteSubmitter.submit(env, jobName, job.jobManager.host(), job.jobManager.port(), out);
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.JOB_FAILED;
        } catch (RemoteSubmitter.JobManagerUnreachableException e) {
            err.println("zipper-bridge sfn: " + e.getMessage());
            err.flush();
            return ExitCodes.JOB_FAILED;
        } catch (Exception e) {
            err.println(
                    "zipper-bridge sfn: cannot run '"
                            + name
                            + "': "
                            + EmbeddedRunner.rootMessage(e));
            err.flush();
            return ExitCodes.JOB_FAILED;
        }
    }
}

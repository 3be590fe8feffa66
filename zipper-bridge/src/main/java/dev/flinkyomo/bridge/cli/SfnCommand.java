package dev.flinkyomo.bridge.cli;

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
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            description = "YoMo zipper endpoint (default: ${DEFAULT-VALUE})")
    HostPort zipper;

    @Option(
            names = {"-n", "--name"},
            paramLabel = "NAME",
            defaultValue = "app",
            description = "Stream function name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = {"-d", "--credential"},
            paramLabel = "NAME:PAYLOAD",
            description = "Client credential, e.g. token:secret")
    String credential;

    @Mixin JobOptions job;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (credential != null
                && Credential.parse(credential).filter(c -> !c.authName().isEmpty()).isEmpty()) {
            err.println("zipper-bridge sfn: --credential must be NAME:PAYLOAD, e.g. token:secret");
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
        try {
            if (job.jobManager == null) {
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment();
                env.setParallelism(1); // one stream-function connection, as yomo run opens
                builder.build(env);
                EmbeddedRunner.Outcome outcome =
                        new EmbeddedRunner(out, job.restPorts)
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
            StreamExecutionEnvironment env =
                    RemoteSubmitter.environment(
                            job.jobManager.host(),
                            job.jobManager.port(),
                            List.of(RemoteSubmitter.jobJar()));
            env.setParallelism(1); // one stream-function connection, as yomo run opens
            builder.build(env);
            RemoteSubmitter.submit(env, jobName, job.jobManager.host(), job.jobManager.port(), out);
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

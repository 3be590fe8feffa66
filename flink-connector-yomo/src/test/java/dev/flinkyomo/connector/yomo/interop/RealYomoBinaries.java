package dev.flinkyomo.connector.yomo.interop;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;

import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real YoMo's programs built by {@code interop/real-yomo/build.sh} (yomo v1.18.10): where they
 * are, the processes the real-YoMo tests start from them, and the cleanup after a case.
 *
 * <p>{@code -Dyomo.real.bin} names their directory (the real-yomo profile: {@code
 * interop/real-yomo/bin}; a relative directory is taken from the repository root). A test class
 * annotated {@code @ExtendWith(RealYomoBinaries.Required.class)} is skipped, with one message
 * naming what is missing, when either binary is not there.
 */
final class RealYomoBinaries {

    private static final List<String> NAMES = List.of("yomo", "real-yomo-peer");

    /** Every process started here, stopped by {@link #stopWhatTheCaseLeftRunning}. */
    private static final ConcurrentLinkedQueue<YomoPeerProcess> STARTED =
            new ConcurrentLinkedQueue<>();

    private RealYomoBinaries() {}

    /** Skips the annotated class unless both binaries are in {@code -Dyomo.real.bin}. */
    static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isPresent()) {
                return ConditionEvaluationResult.enabled("checked for the class");
            }
            String missing = missing();
            if (missing == null) {
                return ConditionEvaluationResult.enabled("real YoMo binaries in " + dir());
            }
            String reason = context.getRequiredTestClass().getSimpleName() + " skipped: " + missing;
            System.err.println(reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    /** What keeps the real-YoMo tests from running, or null. */
    static String missing() {
        Path dir = dir();
        if (dir == null) {
            return "-Dyomo.real.bin is not set (the real-yomo profile sets it to"
                    + " interop/real-yomo/bin)";
        }
        List<String> missing =
                NAMES.stream().filter(b -> !Files.isExecutable(dir.resolve(b))).toList();
        if (missing.isEmpty()) {
            return null;
        }
        return "no executable "
                + String.join(" or ", missing)
                + " in "
                + dir
                + " (-Dyomo.real.bin); build them with interop/real-yomo/bootstrap-yomo.sh and"
                + " build.sh (interop/real-yomo/README.md)";
    }

    /** {@code -Dyomo.real.bin}, a relative path taken from the repository root; null if unset. */
    private static Path dir() {
        String dir = System.getProperty("yomo.real.bin");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        return Path.of(System.getProperty("flinkyomo.root", ".."))
                .toAbsolutePath()
                .resolve(dir)
                .normalize();
    }

    static Path binary(String name) {
        String missing = missing();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        return dir().resolve(name);
    }

    /** Starts {@code cmd}, to be stopped after the case at the latest. */
    static YomoPeerProcess start(String label, List<String> cmd) {
        YomoPeerProcess process = YomoPeerProcess.startCommand(label, cmd);
        STARTED.add(process);
        return process;
    }

    /**
     * For an {@code @AfterEach}: a case that timed out (its body runs on a thread of its own)
     * leaves that thread blocked, its processes and its job running. Stops the processes, cancels
     * the jobs still running (a job a case has just cancelled is left to finish) and waits until
     * every job has ended, so the next case gets the cluster's slots.
     */
    static void stopWhatTheCaseLeftRunning(ClusterClient<?> client) throws Exception {
        for (YomoPeerProcess p; (p = STARTED.poll()) != null; ) {
            p.close();
        }
        for (JobStatusMessage job : client.listJobs().get(30, TimeUnit.SECONDS)) {
            JobStatus state = job.getJobState();
            if (!state.isGloballyTerminalState() && state != JobStatus.CANCELLING) {
                System.err.println(
                        "cancelling left-over job " + job.getJobName() + " (" + state + ")");
                client.cancel(job.getJobId()).get(30, TimeUnit.SECONDS);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.listJobs().get(30, TimeUnit.SECONDS).stream()
                .anyMatch(j -> !j.getJobState().isGloballyTerminalState())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("jobs still running 30 s after cancelling them");
            }
            Thread.sleep(50);
        }
    }

    /** One of flink-wasm-udf's example guests, as shipped in its jar. */
    static Path guest(String file) {
        return Path.of(System.getProperty("flinkyomo.root", ".."))
                .toAbsolutePath()
                .resolve("flink-wasm-udf/src/main/resources/dev/flinkyomo/wasm/guests")
                .resolve(file)
                .normalize();
    }

    /** {@code yomo run}: YoMo's Wasm host, a stream function named {@code name}. */
    static YomoPeerProcess yomoRun(String zipper, String credential, String name, Path wasm) {
        return start(
                "yomo run " + name,
                List.of(
                        binary("yomo").toString(),
                        "run",
                        "-z",
                        zipper,
                        "-d",
                        credential,
                        "-n",
                        name,
                        wasm.toString()));
    }

    /** A source on YoMo's SDK writing {@code n} frames on 0x33, {@code frame-<i>}. */
    static YomoPeerProcess source(String zipper, String credential, int n, String... extra) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                binary("real-yomo-peer").toString(),
                                "source",
                                "--zipper",
                                zipper,
                                "--credential",
                                credential,
                                "--name",
                                "real-yomo-source",
                                "--tag",
                                "0x33",
                                "--count",
                                String.valueOf(n)));
        cmd.addAll(List.of(extra));
        return start("real source", cmd);
    }

    /** A stream function on YoMo's SDK observing {@code tags}, exiting after {@code n} frames. */
    static YomoPeerProcess streamFunction(
            String zipper, String credential, String name, String tags, int n) {
        return start(
                "real sfn " + name,
                List.of(
                        binary("real-yomo-peer").toString(),
                        "sfn",
                        "--zipper",
                        zipper,
                        "--credential",
                        credential,
                        "--name",
                        name,
                        "--observe",
                        tags,
                        "--expect",
                        String.valueOf(n),
                        "--timeout",
                        "100s"));
    }
}

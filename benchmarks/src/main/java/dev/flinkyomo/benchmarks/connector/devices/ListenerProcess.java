package dev.flinkyomo.benchmarks.connector.devices;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link ScaleListenerMain} in a child JVM on this process's class path: started, read ({@code
 * READY}, {@code STATS}, {@code HEAP} lines), asked for its heap, killed. A shutdown hook kills it
 * if the harness ends first, and the child exits by itself when its stdin closes.
 */
final class ListenerProcess implements AutoCloseable {

    private final Process process;
    private final ProcessProbe probe;
    private final Writer commands;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final BlockingQueue<long[]> heapAnswers = new LinkedBlockingQueue<>();
    private final Thread killer;
    private volatile long frames;
    private volatile int devices;

    /**
     * @param jvmOptions e.g. {@code -Xmx512m}; NMT is added
     * @param settings {@code scale.*} system properties (see {@link ScaleListenerMain})
     * @param log where the child's stderr goes
     */
    ListenerProcess(List<String> jvmOptions, Map<String, String> settings, File log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.addAll(ProcessProbe.nmtOptions());
        cmd.addAll(jvmOptions);
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ScaleListenerMain.class.getName());
        process =
                new ProcessBuilder(cmd)
                        .redirectError(ProcessBuilder.Redirect.appendTo(log))
                        .start();
        probe = new ProcessProbe(process.pid());
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        killer = new Thread(process::destroyForcibly, "kill-listener");
        Runtime.getRuntime().addShutdownHook(killer);
        Thread reader = new Thread(this::readOutput, "listener-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the bound port. */
    int awaitReady(long timeoutSeconds) throws Exception {
        return ready.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    long frames() {
        return frames;
    }

    int devices() {
        return devices;
    }

    ProcessProbe probe() {
        return probe;
    }

    /** Heap used and committed after two full GCs in the child, in KiB. */
    long[] heapAfterGc() throws Exception {
        commands.write("heap\n");
        commands.flush();
        long[] answer = heapAnswers.poll(60, TimeUnit.SECONDS);
        if (answer == null) {
            throw new IllegalStateException("the listener did not report its heap");
        }
        return answer;
    }

    private void readOutput() {
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("STATS ")) {
                    frames = value(line, "frames");
                    devices = (int) value(line, "devices");
                } else if (line.startsWith("READY ")) {
                    ready.complete((int) value(line, "port"));
                } else if (line.startsWith("HEAP ")) {
                    heapAnswers.add(
                            new long[] {
                                value(line, "used") / 1024, value(line, "committed") / 1024
                            });
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
        ready.completeExceptionally(new IllegalStateException("the listener process ended"));
    }

    private static long value(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Long.parseLong(part.substring(key.length() + 1));
            }
        }
        throw new IllegalArgumentException("no " + key + " in " + line);
    }

    /** Kills the child at once (SIGKILL: no goodbye to its devices) and waits for it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running anyway
        }
    }
}

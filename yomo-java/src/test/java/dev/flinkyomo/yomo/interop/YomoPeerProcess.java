package dev.flinkyomo.yomo.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running {@code yomo-peer} process. Its stdout is a stream of JSON events (one per line), read
 * on a background thread; its stderr is kept for failure messages. Closing the handle terminates
 * the process (SIGTERM, then SIGKILL).
 */
public final class YomoPeerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode END = JSON.createObjectNode().put("event", "<end of output>");

    private final String mode;
    private final Process process;
    private final BlockingQueue<JsonNode> pending = new LinkedBlockingQueue<>();

    /**
     * Guarded by itself; a zipper can print hundreds of thousands of lines, so no copy-on-write.
     */
    private final List<JsonNode> events = new ArrayList<>();

    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private YomoPeerProcess(String mode, Process process) {
        this.mode = mode;
        this.process = process;
        this.stdoutReader =
                daemon("yomo-peer-" + mode + "-stdout", () -> readEvents(process.getInputStream()));
        this.stderrReader =
                daemon("yomo-peer-" + mode + "-stderr", () -> readStderr(process.getErrorStream()));
    }

    /** Starts {@code yomo-peer <mode> <args...>}. */
    public static YomoPeerProcess start(String mode, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(YomoPeerBinary.get().toString());
        cmd.add(mode);
        cmd.addAll(List.of(args));
        return startCommand(mode, cmd);
    }

    /**
     * Starts any other peer program that prints JSON events on stdout; {@code label} names it in
     * messages.
     */
    public static YomoPeerProcess startCommand(String label, List<String> cmd) {
        try {
            return new YomoPeerProcess(label, new ProcessBuilder(cmd).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd, e);
        }
    }

    /** Starts a Go zipper on an ephemeral port and waits until it listens. */
    public static YomoPeerProcess startZipper(String... args) {
        List<String> all = new ArrayList<>(List.of("--listen", "127.0.0.1:0"));
        all.addAll(List.of(args));
        YomoPeerProcess zipper = start("zipper", all.toArray(new String[0]));
        zipper.awaitEvent("listening", Duration.ofSeconds(10));
        return zipper;
    }

    /**
     * Runs {@code yomo-peer source} to completion: {@code count} frames with tag {@code tag} and
     * client id {@code id} (payloads {@code frame-<i>}, tids {@code <id>-<i>}); fails unless it
     * exits 0.
     */
    public static void runSource(
            String addr, String credential, String id, String tag, int count, Duration timeout) {
        try (YomoPeerProcess source =
                start(
                        "source",
                        "--addr",
                        addr,
                        "--id",
                        id,
                        "--credential",
                        credential,
                        "--tag",
                        tag,
                        "--count",
                        String.valueOf(count),
                        "--timeout",
                        timeout.toSeconds() + "s")) {
            int exit = source.awaitExit(timeout);
            if (exit != 0) {
                throw new AssertionError(
                        "yomo-peer source " + id + " exited with " + exit + source.describe());
            }
        }
    }

    /** The {@code host:port} announced by a zipper's {@code listening} event. */
    public String listenAddress() {
        return events("listening").stream()
                .findFirst()
                .map(e -> e.path("addr").asText())
                .orElseThrow(
                        () -> new IllegalStateException("zipper has not announced its address"));
    }

    /**
     * Waits for the next not-yet-awaited event named {@code event}; earlier events of other names
     * are skipped here but stay in {@link #events()}.
     */
    public JsonNode awaitEvent(String event, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JsonNode e = pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (e == null || e == END) {
                    throw new AssertionError(
                            mode
                                    + ": no '"
                                    + event
                                    + "' event "
                                    + (e == null ? "within " + timeout : "before the process ended")
                                    + describe());
                }
                if (event.equals(e.path("event").asText())) {
                    return e;
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /** Waits for the process to exit and for all its output to be parsed; returns the exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(mode + " still running after " + timeout + describe());
            }
            stdoutReader.join(timeout.toMillis());
            stderrReader.join(timeout.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits until the process has written a line containing {@code text}: a non-JSON line on stdout
     * (a log line), or stderr within its first 16 KiB.
     */
    public void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stderr.indexOf(text) < 0
                && events("unparsed").stream()
                        .noneMatch(e -> e.path("line").asText().contains(text))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError(
                        mode
                                + ": no output line with '"
                                + text
                                + "' "
                                + (process.isAlive()
                                        ? "within " + timeout
                                        : "before the process ended")
                                + describe());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** All events printed so far, in order. */
    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** All events named {@code event}, in order. */
    public List<JsonNode> events(String event) {
        synchronized (events) {
            return events.stream().filter(e -> event.equals(e.path("event").asText())).toList();
        }
    }

    /** Event count, the last events other than data, and stderr, for assertion messages. */
    public String describe() {
        List<JsonNode> control;
        int n;
        synchronized (events) {
            n = events.size();
            control =
                    events.stream().filter(e -> !"data".equals(e.path("event").asText())).toList();
        }
        return "\n  events so far: "
                + n
                + ", other than data: "
                + control.subList(Math.max(0, control.size() - 8), control.size())
                + "\n  stderr: "
                + stderr;
    }

    public static byte[] payload(JsonNode dataEvent) {
        return Base64.getDecoder().decode(dataEvent.path("payload").asText(""));
    }

    public static Map<String, String> metadata(JsonNode dataEvent) {
        Map<String, String> md = new TreeMap<>();
        dataEvent
                .path("metadata")
                .properties()
                .forEach(f -> md.put(f.getKey(), f.getValue().asText()));
        return md;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void readEvents(InputStream in) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode e;
                try {
                    e = JSON.readTree(line);
                } catch (IOException notJson) {
                    e = JSON.createObjectNode().put("event", "unparsed").put("line", line);
                }
                synchronized (events) {
                    events.add(e);
                }
                pending.add(e);
            }
        } catch (IOException ignored) {
            // the process went away; END below tells waiters
        } finally {
            pending.add(END);
        }
    }

    private void readStderr(InputStream in) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (stderr.length() < 16_384) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}

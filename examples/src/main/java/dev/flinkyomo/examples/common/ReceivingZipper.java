package dev.flinkyomo.examples.common;

import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.YomoListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in for the zipper a job writes its results back to: a YoMo listener on a loopback port
 * that turns every frame it receives into a line, printed and appended to a file. It shows what a
 * downstream YoMo stream function would get.
 */
public final class ReceivingZipper implements AutoCloseable {

    private final BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(10_000);
    private final YomoListener listener;
    private final Function<InboundFrame, String> describe;
    private final PrintWriter out;
    private final BufferedWriter file;
    private final List<String> lines = new ArrayList<>();
    private final Thread drainer;
    private volatile boolean closing;

    /** Listens on 127.0.0.1, any free port; {@code describe} makes the line for a frame. */
    public ReceivingZipper(
            String name, Function<InboundFrame, String> describe, PrintWriter out, Path file)
            throws IOException, InterruptedException {
        this.describe = describe;
        this.out = out;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.file =
                Files.newBufferedWriter(
                        file,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
        this.listener =
                new YomoListener(
                        ListenerOptions.builder().name(name).host("127.0.0.1").port(0).build(),
                        queue,
                        ListenerMetrics.NO_OP);
        listener.start();
        this.drainer = new Thread(this::drain, name + "-drain");
        drainer.setDaemon(true);
        drainer.start();
    }

    public int port() {
        return listener.boundAddress().getPort();
    }

    private void drain() {
        List<InboundFrame> batch = new ArrayList<>();
        try {
            while (!closing || queue.size() > 0) {
                batch.clear();
                queue.drainTo(batch, 1_000, Duration.ofMillis(100));
                for (InboundFrame f : batch) {
                    String line = describe.apply(f);
                    out.println("zipper received " + line);
                    file.write(line);
                    file.newLine();
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
                file.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines so far, in arrival order. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Stops listening and writes out what already arrived. */
    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        closing = true;
        queue.wakeUp();
        drainer.join(5_000);
        file.close();
    }
}

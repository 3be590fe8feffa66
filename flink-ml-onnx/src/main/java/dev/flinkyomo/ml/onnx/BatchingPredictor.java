package dev.flinkyomo.ml.onnx;

import dev.flinkyomo.onnx.LoadedModel;
import dev.flinkyomo.onnx.Tensor;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the predictions of one async {@code ML_PREDICT} operator in batches: whatever rows are
 * waiting when the model becomes free go through it in one call, stacked along the model's free
 * first dimension, up to {@code maxBatch}. No linger: a lone row runs at once, so batching costs
 * latency only when rows are already queueing. A batch that fails is retried row by row, so one bad
 * row fails only itself. Holds the model's lease and gives it back on {@link #close}.
 */
final class BatchingPredictor implements AutoCloseable {

    private record Request(Tensor[] inputs, CompletableFuture<Tensor[]> result) {}

    private final LoadedModel model;
    private final int maxBatch;
    private final Duration timeout;
    private final boolean stackable;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final AtomicLong runs = new AtomicLong();
    private final Thread worker;
    private final DirectStaging staging = new DirectStaging();
    private volatile boolean closed;

    BatchingPredictor(LoadedModel model, int maxBatch, Duration timeout, String threadName) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.timeout = timeout;
        this.stackable =
                model.inputs().stream().allMatch(s -> s.shape().length > 0 && s.shape()[0] < 0);
        this.worker = new Thread(this::loop, threadName);
        this.worker.setDaemon(true);
    }

    /** Starts the worker; requests submitted before wait for it (tests use that to batch them). */
    BatchingPredictor start() {
        worker.start();
        return this;
    }

    CompletableFuture<Tensor[]> submit(Tensor[] inputs) {
        CompletableFuture<Tensor[]> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IllegalStateException("the predictor was closed"));
        } else {
            queue.add(new Request(inputs, result));
        }
        return result;
    }

    /** Model calls made so far (a batch is one call). */
    long runs() {
        return runs.get();
    }

    private void loop() {
        List<Request> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, (stackable ? maxBatch : 1) - 1);
            runBatch(batch);
            batch.clear();
        }
        Request r;
        while ((r = queue.poll()) != null) {
            r.result.completeExceptionally(new IllegalStateException("the predictor was closed"));
        }
    }

    private void runBatch(List<Request> batch) {
        if (batch.size() > 1 && sameShapes(batch)) {
            try {
                runs.incrementAndGet();
                Tensor[] out =
                        model.run(
                                staging.stack(inputsOf(batch), batch.get(0).inputs.length),
                                timeout);
                if (split(batch, out)) {
                    return;
                }
            } catch (RuntimeException e) {
                // Fall through: row by row, so the row at fault fails alone.
            }
        }
        for (Request r : batch) {
            try {
                runs.incrementAndGet();
                r.result.complete(model.run(staging.stage(r.inputs), timeout));
            } catch (RuntimeException e) {
                r.result.completeExceptionally(e);
            }
        }
    }

    private static boolean sameShapes(List<Request> batch) {
        Tensor[] first = batch.get(0).inputs;
        for (Request r : batch) {
            for (int i = 0; i < first.length; i++) {
                Tensor a = first[i];
                Tensor b = r.inputs[i];
                if (a.type() != b.type()
                        || !Arrays.equals(
                                Arrays.copyOfRange(a.shape(), 1, a.shape().length),
                                Arrays.copyOfRange(b.shape(), 1, b.shape().length))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Tensor[]> inputsOf(List<Request> batch) {
        List<Tensor[]> inputs = new ArrayList<>(batch.size());
        for (Request r : batch) {
            inputs.add(r.inputs);
        }
        return inputs;
    }

    /** Completes each request with its rows of {@code out}; false if out is not one row per row. */
    private static boolean split(List<Request> batch, Tensor[] out) {
        long total = 0;
        for (Request r : batch) {
            total += r.inputs[0].shape()[0];
        }
        for (Tensor o : out) {
            if (o.shape().length == 0 || o.shape()[0] != total) {
                return false;
            }
        }
        long offsetRows = 0;
        for (Request r : batch) {
            long rows = r.inputs[0].shape()[0];
            Tensor[] mine = new Tensor[out.length];
            for (int k = 0; k < out.length; k++) {
                Tensor o = out[k];
                int rowBytes = (int) (o.data().remaining() / total);
                ByteBuffer slice =
                        o.data()
                                .duplicate()
                                .position((int) (offsetRows * rowBytes))
                                .limit((int) ((offsetRows + rows) * rowBytes))
                                .slice();
                long[] shape = o.shape().clone();
                shape[0] = rows;
                mine[k] = new Tensor(o.type(), shape, slice.order(o.data().order()));
            }
            offsetRows += rows;
            r.result.complete(mine);
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(timeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.close();
    }
}

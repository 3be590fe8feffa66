package dev.flinkyomo.ml.onnx;

import dev.flinkyomo.onnx.Tensor;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;

/**
 * One direct buffer, reused call after call, that inputs are copied into before ONNX Runtime reads
 * them in place. A fresh direct buffer per row (150 KB for a 224 x 224 frame) is freed only by GC,
 * and once the JVM's direct-memory limit is near, {@code allocateDirect} runs {@code System.gc()}
 * and sleeps: the first version of the ClassifierBenchmark baseline, which allocated per frame, ran
 * at half the rate of a route that did not. Not thread-safe: one per calling thread.
 */
final class DirectStaging {

    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    /** {@code in} copied into this buffer, one region per tensor; valid until the next call. */
    Tensor[] stage(Tensor[] in) {
        return stack(Collections.singletonList(in), in.length);
    }

    /**
     * For each input position, the same input of every request stacked along dimension 0 (the
     * requests must share the other dimensions); a single request is just copied.
     */
    Tensor[] stack(List<Tensor[]> requests, int inputs) {
        int total = 0;
        for (Tensor[] r : requests) {
            for (Tensor t : r) {
                total += t.data().remaining();
            }
        }
        if (buffer.capacity() < total) {
            buffer = ByteBuffer.allocateDirect(Math.max(total, buffer.capacity() * 2));
        }
        buffer.clear();
        Tensor[] staged = new Tensor[inputs];
        for (int i = 0; i < inputs; i++) {
            int start = buffer.position();
            long rows = 0;
            for (Tensor[] r : requests) {
                buffer.put(r[i].data().duplicate());
                rows += r[i].shape()[0];
            }
            Tensor first = requests.get(0)[i];
            long[] shape = first.shape().clone();
            if (shape.length > 0) {
                shape[0] = requests.size() == 1 ? shape[0] : rows;
            }
            staged[i] =
                    new Tensor(
                            first.type(),
                            shape,
                            buffer.duplicate().position(start).limit(buffer.position()).slice());
        }
        return staged;
    }
}

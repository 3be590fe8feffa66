package dev.flinkyomo.wasm.nn;

/**
 * Bytes of tensors one Wasm instance holds (inputs waiting for compute, outputs waiting for
 * get_output). They live off the heap, outside the guest's capped linear memory, so without a bound
 * a guest could hold many memories' worth through many contexts.
 */
final class TensorBudget {

    private final long max;
    private long held;

    TensorBudget(long max) {
        this.max = max;
    }

    void reserve(long bytes, String what) {
        if (bytes > max - held) {
            throw new NnException(
                    NnErrno.TOO_LARGE,
                    what
                            + " needs "
                            + bytes
                            + " bytes but this instance already holds "
                            + held
                            + " of its "
                            + max
                            + " tensor bytes (wasm.nn.max-tensor-bytes)");
        }
        held += bytes;
    }

    void release(long bytes) {
        held -= bytes;
    }

    long held() {
        return held;
    }
}

package dev.flinkyomo.wasm.nn;

/** A WASI-NN call that fails with {@link #errno()}; the message is for the task log only. */
class NnException extends RuntimeException {

    private final NnErrno errno;

    NnException(NnErrno errno, String message) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
        this.errno = errno;
    }

    NnErrno errno() {
        return errno;
    }

    /** {@code index} is not one of the model's {@code count} inputs or outputs. */
    static NnException noIndex(String where, String model, int count, String what, int index) {
        return new NnException(
                NnErrno.INVALID_ARGUMENT,
                where
                        + ": model '"
                        + model
                        + "' has "
                        + count
                        + " "
                        + what
                        + ", no index "
                        + Integer.toUnsignedString(index));
    }
}

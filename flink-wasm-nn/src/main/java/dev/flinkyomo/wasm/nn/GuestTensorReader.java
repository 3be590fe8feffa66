package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.onnx.Tensor;
import dev.flinkyomo.onnx.TensorSpec;
import dev.flinkyomo.onnx.TensorType;
import dev.flinkyomo.wasm.host.HostMemory;

import java.nio.ByteBuffer;

/**
 * Reads WASI-NN's {@code tensor} record out of guest memory and copies its data once, into a direct
 * buffer ONNX Runtime reads in place. The record (witx {@code $tensor}, 20 bytes, 4-aligned):
 *
 * <pre>
 *   0  u32 dimensions pointer   4  u32 dimensions length (rank; each dimension a u32)
 *   8  u8  tensor type (f16 0, f32 1, f64 2, u8 3, i32 4, i64 5; bytes 9-11 are padding)
 *  12  u32 data pointer        16  u32 data length in bytes
 * </pre>
 *
 * Everything is checked before anything is allocated: every pointer range against the memory, the
 * rank, the type, the shape against the model's declaration, and the data length against the shape,
 * so a hostile record costs an error code and nothing else.
 */
final class GuestTensorReader {

    static final int RECORD_BYTES = 20;

    /** ONNX models rarely go past rank 6; far above that a rank is an attack, not a tensor. */
    static final int MAX_RANK = 16;

    private GuestTensorReader() {}

    /**
     * The checked tensor; {@code budget} is charged for its data. Its buffer is {@code reuse} when
     * that has the right size (a guest sends frames of one size: no direct allocation per frame,
     * which only a GC would free), else a new one.
     */
    static Tensor read(
            HostMemory m,
            int recordPtr,
            TensorSpec spec,
            TensorBudget budget,
            String where,
            ByteBuffer reuse) {
        if (!m.contains(recordPtr, RECORD_BYTES)) {
            throw outside(m, where + ": the tensor record", recordPtr, RECORD_BYTES);
        }
        int dimsPtr = m.readI32(recordPtr);
        int rank = m.readI32(recordPtr + 4);
        int typeCode = m.read(recordPtr + 8, 1)[0] & 0xFF;
        int dataPtr = m.readI32(recordPtr + 12);
        int dataLen = m.readI32(recordPtr + 16);
        if (Integer.compareUnsigned(rank, MAX_RANK) > 0) {
            throw invalid(
                    where
                            + ": rank "
                            + Integer.toUnsignedString(rank)
                            + " is over the supported "
                            + MAX_RANK);
        }
        if (!m.contains(dimsPtr, rank * 4)) {
            throw outside(m, where + ": the dimensions", dimsPtr, rank * 4);
        }
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = Integer.toUnsignedLong(m.readI32(dimsPtr + 4 * i));
        }
        TensorType type = TensorType.ofWasiNnCode(typeCode);
        if (type == null) {
            throw invalid(where + ": tensor type " + typeCode + " is not a WASI-NN tensor type");
        }
        if (!m.contains(dataPtr, dataLen)) {
            throw outside(m, where + ": the data", dataPtr, dataLen);
        }
        String got = type + java.util.Arrays.toString(shape);
        if (type != spec.type() || !spec.accepts(shape)) {
            throw invalid(where + ": the model's input is " + spec + ", got " + got);
        }
        long elements = Tensor.elements(shape);
        long len = Integer.toUnsignedLong(dataLen);
        if (elements < 0
                || elements > Long.MAX_VALUE / type.elementBytes()
                || elements * type.elementBytes() != len) {
            throw invalid(where + ": " + got + " does not have " + len + " bytes of data");
        }
        budget.reserve(len, where);
        ByteBuffer data;
        try {
            data =
                    reuse != null && reuse.capacity() == len
                            ? reuse.clear()
                            : ByteBuffer.allocateDirect((int) len);
        } catch (OutOfMemoryError e) {
            budget.release(len);
            throw new NnException(
                    NnErrno.TOO_LARGE,
                    where + ": no direct memory left for " + len + " bytes: " + e.getMessage());
        }
        m.read(dataPtr, data);
        return new Tensor(type, shape, data.flip());
    }

    private static NnException invalid(String why) {
        return new NnException(NnErrno.INVALID_ARGUMENT, why);
    }

    static NnException outside(HostMemory m, String what, int ptr, int len) {
        return invalid(
                what
                        + " ["
                        + Integer.toUnsignedString(ptr)
                        + ", +"
                        + Integer.toUnsignedString(len)
                        + ") lies outside the guest's "
                        + m.size()
                        + " bytes of memory");
    }
}

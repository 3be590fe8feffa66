package dev.flinkyomo.ml.onnx;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;

import dev.flinkyomo.onnx.Tensor;
import dev.flinkyomo.onnx.TensorSpec;
import dev.flinkyomo.onnx.TensorType;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How one INPUT column becomes one model input: BYTES as a uint8 tensor (a camera frame as it
 * arrives), or an ARRAY of FLOAT, DOUBLE, INT or BIGINT as a tensor of that type. The column holds
 * one example; the tensor gets the model's shape with its free (batch) dimension set from the
 * column's length, so a row of 224 * 224 * 3 bytes becomes [1, 224, 224, 3].
 */
final class InputBinding implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final TensorType type;
    private final long[] declaredShape;

    private InputBinding(String column, TensorType type, long[] declaredShape) {
        this.column = column;
        this.type = type;
        this.declaredShape = declaredShape;
    }

    static InputBinding of(String model, String column, LogicalType columnType, TensorSpec input) {
        TensorType wanted = tensorTypeOf(columnType);
        if (wanted == null) {
            throw new ValidationException(
                    "Model '"
                            + model
                            + "': INPUT column '"
                            + column
                            + "' is "
                            + columnType
                            + "; use BYTES (uint8 tensor) or ARRAY<FLOAT|DOUBLE|INT|BIGINT>");
        }
        if (wanted != input.type()) {
            throw new ValidationException(
                    "Model '"
                            + model
                            + "': INPUT column '"
                            + column
                            + "' is "
                            + columnType
                            + " (a "
                            + wanted
                            + " tensor) but the model's input "
                            + input
                            + " is "
                            + input.type());
        }
        return new InputBinding(column, wanted, input.shape());
    }

    private static TensorType tensorTypeOf(LogicalType t) {
        switch (t.getTypeRoot()) {
            case VARBINARY:
            case BINARY:
                return TensorType.U8;
            case ARRAY:
                switch (((ArrayType) t).getElementType().getTypeRoot()) {
                    case FLOAT:
                        return TensorType.F32;
                    case DOUBLE:
                        return TensorType.F64;
                    case INTEGER:
                        return TensorType.I32;
                    case BIGINT:
                        return TensorType.I64;
                    default:
                        return null;
                }
            default:
                return null;
        }
    }

    /** The tensor for field {@code pos} of {@code row}; a null or misfit value is an error. */
    Tensor tensor(RowData row, int pos, String model) {
        if (row.isNullAt(pos)) {
            throw new IllegalArgumentException(
                    "Model '" + model + "': INPUT column '" + column + "' is NULL");
        }
        ByteBuffer data =
                type == TensorType.U8 ? wrap(row.getBinary(pos)) : copy(row.getArray(pos));
        long elements = data.remaining() / type.elementBytes();
        return new Tensor(type, shapeFor(elements, model), data);
    }

    private long[] shapeFor(long elements, String model) {
        long fixed = 1;
        int free = -1;
        long[] shape = declaredShape.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = 1;
                free = free < 0 ? i : free;
            } else {
                fixed *= shape[i];
            }
        }
        if (fixed == 0 || elements % fixed != 0 || (free < 0 && elements != fixed)) {
            throw new IllegalArgumentException(
                    "Model '"
                            + model
                            + "': INPUT column '"
                            + column
                            + "' has "
                            + elements
                            + " elements, which do not fill the model's input shape "
                            + java.util.Arrays.toString(declaredShape));
        }
        if (free >= 0) {
            shape[free] = elements / fixed;
        }
        return shape;
    }

    private static ByteBuffer wrap(byte[] bytes) {
        // No copy here: the caller stages it into its reused direct buffer (DirectStaging).
        return ByteBuffer.wrap(bytes);
    }

    private ByteBuffer copy(ArrayData a) {
        int n = a.size();
        ByteBuffer b = ByteBuffer.allocate(n * type.elementBytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            if (a.isNullAt(i)) {
                throw new IllegalArgumentException(
                        "INPUT column '" + column + "' has a NULL element at index " + i);
            }
            switch (type) {
                case F32:
                    b.putFloat(a.getFloat(i));
                    break;
                case F64:
                    b.putDouble(a.getDouble(i));
                    break;
                case I32:
                    b.putInt(a.getInt(i));
                    break;
                default:
                    b.putLong(a.getLong(i));
            }
        }
        return b.flip();
    }
}

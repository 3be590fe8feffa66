package dev.flinkyomo.ml.onnx;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import dev.flinkyomo.onnx.Tensor;
import dev.flinkyomo.onnx.TensorSpec;
import dev.flinkyomo.onnx.TensorType;

import java.io.Serializable;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * How one OUTPUT column is filled from the model's outputs. An ARRAY column takes the next model
 * output whole; for a classifier, a STRING column takes the label of the highest score of the first
 * output, a FLOAT or DOUBLE column that score, and an INT column its index.
 */
sealed interface OutputBinding extends Serializable {

    Object value(Tensor[] outputs);

    /** The bindings for an OUTPUT schema, in column order; errors name the column. */
    static List<OutputBinding> of(
            String model,
            List<String> names,
            List<LogicalType> types,
            List<TensorSpec> outputs,
            List<String> labels) {
        OutputBinding[] bindings = new OutputBinding[names.size()];
        int nextOutput = 0;
        for (int i = 0; i < bindings.length; i++) {
            LogicalType t = types.get(i);
            String where =
                    "Model '" + model + "': OUTPUT column '" + names.get(i) + "' (" + t + ")";
            LogicalTypeRoot root = t.getTypeRoot();
            if (root == LogicalTypeRoot.ARRAY) {
                if (nextOutput >= outputs.size()) {
                    throw new ValidationException(
                            where + " has no model output left; the model has " + outputs);
                }
                TensorSpec out = outputs.get(nextOutput);
                if (((ArrayType) t).getElementType().getTypeRoot() != LogicalTypeRoot.FLOAT
                        || out.type() != TensorType.F32) {
                    throw new ValidationException(
                            where + " must be ARRAY<FLOAT> for the model's output " + out);
                }
                bindings[i] = new Floats(nextOutput++);
            } else if (root == LogicalTypeRoot.VARCHAR || root == LogicalTypeRoot.CHAR) {
                if (labels == null || labels.isEmpty()) {
                    throw new ValidationException(
                            where + " needs the option 'labels' to name the classes");
                }
                long classes =
                        outputs.isEmpty()
                                ? -1
                                : outputs.get(0).shape()[outputs.get(0).shape().length - 1];
                if (classes > 0 && classes != labels.size()) {
                    throw new ValidationException(
                            where
                                    + ": 'labels' names "
                                    + labels.size()
                                    + " classes but the model's output "
                                    + outputs.get(0)
                                    + " has "
                                    + classes);
                }
                bindings[i] = new Label(labels.toArray(String[]::new));
            } else if (root == LogicalTypeRoot.FLOAT) {
                bindings[i] = new Score(false);
            } else if (root == LogicalTypeRoot.DOUBLE) {
                bindings[i] = new Score(true);
            } else if (root == LogicalTypeRoot.INTEGER) {
                bindings[i] = new ClassIndex();
            } else {
                throw new ValidationException(
                        where
                                + " is not supported: use ARRAY<FLOAT> (a model output), STRING (label),"
                                + " FLOAT or DOUBLE (score) or INT (class index)");
            }
            if (!(bindings[i] instanceof Floats)
                    && (outputs.isEmpty() || outputs.get(0).type() != TensorType.F32)) {
                throw new ValidationException(
                        where + " needs a float first output, the model has " + outputs);
            }
        }
        return List.of(bindings);
    }

    /** Index of the highest score of the first output's first row. */
    static int best(Tensor[] outputs) {
        FloatBuffer f = scores(outputs[0]);
        int best = 0;
        for (int k = 1; k < f.remaining(); k++) {
            if (f.get(k) > f.get(best)) {
                best = k;
            }
        }
        return best;
    }

    static FloatBuffer scores(Tensor t) {
        long[] shape = t.shape();
        int classes = (int) shape[shape.length - 1];
        FloatBuffer all = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        return all.limit(Math.min(classes, all.limit()));
    }

    record Floats(int output) implements OutputBinding {
        @Override
        public Object value(Tensor[] outputs) {
            FloatBuffer f =
                    outputs[output]
                            .data()
                            .duplicate()
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer();
            float[] values = new float[f.remaining()];
            f.get(values);
            return new GenericArrayData(values);
        }
    }

    record Label(String[] labels) implements OutputBinding {
        @Override
        public Object value(Tensor[] outputs) {
            return StringData.fromString(labels[best(outputs)]);
        }
    }

    record Score(boolean asDouble) implements OutputBinding {
        @Override
        public Object value(Tensor[] outputs) {
            float s = scores(outputs[0]).get(best(outputs));
            return asDouble ? (Object) (double) s : (Object) s;
        }
    }

    record ClassIndex() implements OutputBinding {
        @Override
        public Object value(Tensor[] outputs) {
            return best(outputs);
        }
    }
}

package dev.flinkyomo.ml.onnx;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/** Options of {@code CREATE MODEL ... WITH ('provider' = 'onnx', ...)}. */
@PublicEvolving
public final class OnnxModelOptions {

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The .onnx file: a local path, file: URI or classpath: resource. It is"
                                    + " read when the statement is planned and shipped with the"
                                    + " job, so TaskManagers need no copy.");

    public static final ConfigOption<List<String>> LABELS =
            ConfigOptions.key("labels")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Class names in the order of the model's first output, e.g."
                                    + " 'red;green;blue;yellow'. Required when the OUTPUT schema"
                                    + " has a STRING column, which then holds the label of the"
                                    + " highest score.");

    public static final ConfigOption<Duration> TIMEOUT =
            ConfigOptions.key("timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Longest a single prediction may run; a longer one is stopped and"
                                    + " fails the record with an error naming the model.");

    public static final ConfigOption<Integer> INTRA_OP_THREADS =
            ConfigOptions.key("intra-op-threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "ONNX Runtime threads per prediction. 1 keeps a slot to one core;"
                                    + " ONNX Runtime's own default takes every core of the"
                                    + " TaskManager for each session.");

    public static final ConfigOption<Integer> MAX_BATCH_SIZE =
            ConfigOptions.key("max-batch-size")
                    .intType()
                    .defaultValue(16)
                    .withDescription(
                            "Most rows one model call takes on the async path (Flink's default for"
                                    + " ML_PREDICT). Rows waiting while the model runs go into the"
                                    + " next call together, stacked along the model's free first"
                                    + " dimension; a lone row runs at once. How many rows can wait"
                                    + " is ML_PREDICT's 'max-concurrent-operations'.");

    /** What a failed prediction does. */
    public enum ErrorHandling {
        /** Fail the task, so Flink restarts it (the default: nothing is lost silently). */
        FAILOVER,
        /** Emit the row with NULL outputs, log the cause and count it in numPredictErrors. */
        IGNORE
    }

    public static final ConfigOption<ErrorHandling> ERROR_HANDLING_STRATEGY =
            ConfigOptions.key("error-handling-strategy")
                    .enumType(ErrorHandling.class)
                    .defaultValue(ErrorHandling.FAILOVER)
                    .withDescription(
                            "What a prediction that fails (a NULL or misfit input, a model error,"
                                    + " a timeout) does: FAILOVER fails the task; IGNORE emits the"
                                    + " row with NULL outputs and counts it in the metric"
                                    + " numPredictErrors.");

    private OnnxModelOptions() {}
}

package dev.flinkyomo.ml.onnx;

import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that applies {@code 'error-handling-strategy'} to a failed prediction. */
final class PredictErrors {

    static final String METRIC = "numPredictErrors";
    private static final Logger LOG = LoggerFactory.getLogger(PredictErrors.class);

    private PredictErrors() {}

    /** Rethrows {@code e} under FAILOVER; under IGNORE counts and logs it and returns NULLs. */
    static RowData handle(
            RuntimeException e,
            PredictionSchema schema,
            PredictionSettings settings,
            Counter errors) {
        if (settings.errors() == OnnxModelOptions.ErrorHandling.FAILOVER) {
            throw e;
        }
        errors.inc();
        LOG.warn(
                "Prediction of model '{}' failed, emitting NULLs: {}",
                schema.model(),
                e.getMessage());
        return schema.nulls();
    }
}

package dev.flinkyomo.ml.onnx;

import dev.flinkyomo.onnx.SessionSettings;

import java.io.Serializable;
import java.time.Duration;

/** What both the sync and the async function need besides the schema: the model and its limits. */
record PredictionSettings(
        byte[] bytes,
        SessionSettings session,
        Duration timeout,
        OnnxModelOptions.ErrorHandling errors,
        int maxBatch)
        implements Serializable {}

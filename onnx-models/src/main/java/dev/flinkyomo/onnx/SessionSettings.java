package dev.flinkyomo.onnx;

import dev.flinkyomo.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * How ONNX Runtime runs a model. One intra-op thread by default: a Flink slot is meant to be one
 * core's worth of work, and ONNX Runtime's own default (a thread per core for every session) lets
 * one slot's model take the whole TaskManager, which then starves the other slots.
 */
@PublicEvolving
public record SessionSettings(int intraOpThreads) implements Serializable {

    public static final SessionSettings DEFAULT = new SessionSettings(1);

    public SessionSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException(
                    "intraOpThreads must be at least 1, was " + intraOpThreads);
        }
    }
}

package dev.flinkyomo.examples.simulator;

/**
 * What a simulated device sends: the payload of its {@code seq}-th frame (0-based) at wall-clock
 * time {@code nowMillis}. Implementations are deterministic given their seed, so tests can predict
 * every byte.
 */
@FunctionalInterface
public interface PayloadGenerator {

    byte[] payload(long seq, long nowMillis);
}

package dev.flinkyomo.connector.yomo.source.enumerator;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.connector.yomo.source.split.YomoConnectSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;

import java.io.Serializable;
import java.util.Optional;

/** Which split, if any, a source subtask serves. */
@Internal
public sealed interface SplitPlan extends Serializable {

    /** Fails the enumerator's start when the plan cannot work at this parallelism. */
    void check(int parallelism);

    /**
     * Whether a subtask gets its split at every registration, even when the enumerator's state says
     * it has it: true where readers drop a split they hold already and restored splits may sit at
     * another subtask after a rescale.
     */
    default boolean assignOnEveryRegistration() {
        return false;
    }

    /** The split of {@code subtask}; empty means the subtask has nothing to serve and finishes. */
    Optional<YomoSplit> splitFor(int subtask);

    /**
     * Listen mode: every subtask listens, on {@code basePort + subtask} (or ephemeral ports for 0).
     */
    static SplitPlan listen(int basePort) {
        return new Listen(basePort, null);
    }

    /**
     * Listen mode for a listener that serves connected stream functions ({@code
     * setAcceptStreamFunctions}): it must run with parallelism 1, since the sink to those functions
     * (parallelism 1) reaches the listener of subtask 0 only.
     */
    static SplitPlan listenServingFunctions(int basePort, String listenerName) {
        return new Listen(basePort, listenerName);
    }

    /**
     * Connect mode: subtasks {@code 0 .. connections-1} each dial the zipper as a stream function;
     * the others finish at once (a zipper sends every frame to each connection observing its tag,
     * so more connections duplicate frames unless the zipper load-balances).
     */
    static SplitPlan connect(int connections) {
        return new Connect(connections);
    }

    /**
     * @param functionsOf the listener's name when it serves connected stream functions, else null
     */
    record Listen(int basePort, String functionsOf) implements SplitPlan {
        /**
         * A listen-mode reader serves the split of its own index only, restored or not (it drops a
         * second copy and takes over the positions of restored splits of other indexes).
         */
        @Override
        public boolean assignOnEveryRegistration() {
            return true;
        }

        @Override
        public void check(int parallelism) {
            if (functionsOf != null && parallelism > 1) {
                throw new IllegalArgumentException(
                        "listener '"
                                + functionsOf
                                + "' accepts stream functions and runs with parallelism "
                                + parallelism
                                + ": a function that dials subtask i > 0 (port + i) would never be"
                                + " served, because the sink to connected functions runs with"
                                + " parallelism 1 beside subtask 0; give this source parallelism 1"
                                + " (stages after it may run wider)");
            }
            if (basePort > 0 && basePort + parallelism - 1 > 65535) {
                throw new IllegalArgumentException(
                        "base port "
                                + basePort
                                + " + parallelism "
                                + parallelism
                                + " runs past port 65535");
            }
        }

        @Override
        public Optional<YomoSplit> splitFor(int subtask) {
            return Optional.of(
                    new YomoListenerSplit(
                            subtask, YomoListenerSplit.portFor(basePort, subtask), 0));
        }
    }

    record Connect(int connections) implements SplitPlan {
        public Connect {
            if (connections < 1) {
                throw new IllegalArgumentException(
                        "stream-function connections must be positive, got " + connections);
            }
        }

        @Override
        public void check(int parallelism) {
            if (connections > parallelism) {
                throw new IllegalArgumentException(
                        connections
                                + " stream-function connections need a source"
                                + " parallelism of at least "
                                + connections
                                + ", got "
                                + parallelism);
            }
        }

        @Override
        public Optional<YomoSplit> splitFor(int subtask) {
            return subtask < connections
                    ? Optional.of(new YomoConnectSplit(subtask, 0))
                    : Optional.empty();
        }
    }
}

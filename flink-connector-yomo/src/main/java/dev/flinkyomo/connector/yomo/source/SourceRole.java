package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementSettings;
import dev.flinkyomo.connector.yomo.source.ack.Acknowledger;
import dev.flinkyomo.connector.yomo.source.enumerator.SplitPlan;
import dev.flinkyomo.connector.yomo.source.reader.FrameQueueSettings;
import dev.flinkyomo.connector.yomo.source.reader.ListenerAddresses;
import dev.flinkyomo.connector.yomo.source.reader.TaskManagerAddress;
import dev.flinkyomo.connector.yomo.source.reader.YomoConnectSplitReader;
import dev.flinkyomo.connector.yomo.source.reader.YomoListenerSplitReader;
import dev.flinkyomo.connector.yomo.source.reader.YomoSourceMetrics;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.ConnectedFunctions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerOptions;

import java.io.Serializable;
import java.net.InetSocketAddress;

/**
 * Which end of the QUIC connections a {@link YomoSource} is, with that end's transport options: the
 * one place that pairs a role's splits with its split reader.
 */
@Internal
public sealed interface SourceRole extends Serializable {

    /** The listener's or stream function's name, for messages. */
    String name();

    /** Fails when the role's options cannot work with {@code queue} (checked when built). */
    default void check(FrameQueueSettings queue) {}

    /** Which subtasks get a split. */
    SplitPlan splitPlan();

    /**
     * A split reader serving this role's splits.
     *
     * @param acks the reader's acknowledgements ({@link #newAcknowledger}), or null
     * @param taskManager where the reader runs
     */
    SplitReader<InboundFrame, YomoSplit> newSplitReader(
            FrameQueueSettings queue,
            YomoSourceMetrics metrics,
            Acknowledger acks,
            TaskManagerAddress taskManager);

    /** The acknowledgements of one reader, or null when this role grants none. */
    default Acknowledger newAcknowledger() {
        return null;
    }

    /** Flink in a zipper's place: every subtask listens ({@code port + subtask}). */
    record Listener(ListenerOptions options, AcknowledgementSettings acknowledgements)
            implements SourceRole {

        public Listener(ListenerOptions options) {
            this(options, AcknowledgementSettings.NONE);
        }

        @Override
        public String name() {
            return "listener '" + options.name() + "'";
        }

        @Override
        public void check(FrameQueueSettings queue) {
            options.checkMemoryBudget(queue.bytes());
        }

        @Override
        public SplitPlan splitPlan() {
            return options.acceptStreamFunctions()
                    ? SplitPlan.listenServingFunctions(options.port(), options.name())
                    : SplitPlan.listen(options.port());
        }

        @Override
        public Acknowledger newAcknowledger() {
            return acknowledgements.enabled() ? new Acknowledger(acknowledgements, name()) : null;
        }

        @Override
        public SplitReader<InboundFrame, YomoSplit> newSplitReader(
                FrameQueueSettings queue,
                YomoSourceMetrics metrics,
                Acknowledger acks,
                TaskManagerAddress taskManager) {
            return new YomoListenerSplitReader(
                    options,
                    queue,
                    metrics,
                    acks,
                    new ListenerAddresses() {
                        @Override
                        public void bound(String name, int subtask, InetSocketAddress address) {
                            YomoListenerRegistry.bound(name, subtask, address);
                        }

                        @Override
                        public void closed(String name, int subtask, InetSocketAddress address) {
                            YomoListenerRegistry.closed(name, subtask, address);
                        }

                        @Override
                        public void serving(String name, int subtask, ConnectedFunctions f) {
                            YomoListenerRegistry.servingFunctions(name, subtask, f);
                        }

                        @Override
                        public void stoppedServing(String name, int subtask, ConnectedFunctions f) {
                            YomoListenerRegistry.stoppedServingFunctions(name, subtask, f);
                        }
                    },
                    taskManager);
        }
    }

    /** Flink as a stream function: subtasks {@code 0..connections-1} dial the zipper. */
    record StreamFunction(ClientOptions options, int connections) implements SourceRole {
        @Override
        public String name() {
            return "stream function '" + options.name() + "'";
        }

        @Override
        public SplitPlan splitPlan() {
            return SplitPlan.connect(connections);
        }

        @Override
        public SplitReader<InboundFrame, YomoSplit> newSplitReader(
                FrameQueueSettings queue,
                YomoSourceMetrics metrics,
                Acknowledger acks,
                TaskManagerAddress taskManager) {
            return new YomoConnectSplitReader(options, queue, metrics);
        }
    }
}

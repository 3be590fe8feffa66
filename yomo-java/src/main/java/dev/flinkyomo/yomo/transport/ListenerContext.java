package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ProtocolDetector;

import java.util.concurrent.atomic.AtomicInteger;

/** What every connection of one listener shares. */
final class ListenerContext {

    final ListenerOptions options;
    final BoundedFrameQueue<InboundFrame> queue;
    final ListenerMetrics metrics;
    final HandshakeValidator validator;
    final ProtocolDetector detector;
    final AtomicInteger openConnections = new AtomicInteger();
    final ListenerMemoryPlan memoryPlan;
    final ListenerMemory memory;
    final ConnectionAdmission admission;
    final RefusalLog refusals;
    final ProducerRegistry producers;
    final ConnectedFunctions functions;

    /** Names the ALPN a client offered when TLS refuses it. */
    final InitialPacketTap initialPackets = new InitialPacketTap();

    ListenerContext(
            ListenerOptions options,
            BoundedFrameQueue<InboundFrame> queue,
            ListenerMetrics metrics,
            ProducerPositions positions) {
        this.options = options;
        this.producers = new ProducerRegistry(positions);
        this.queue = queue;
        this.metrics = metrics;
        this.validator =
                new HandshakeValidator(
                        options.authToken(),
                        positions != null,
                        options.acceptStreamFunctions(),
                        options.workflowFunctions());
        this.functions =
                new ConnectedFunctions(
                        options.name(),
                        options.functionWriteTimeout(),
                        options.workflowFunctions());
        this.detector = new ProtocolDetector(options.generations());
        this.memoryPlan = ListenerMemoryPlan.of(options, queue.maxBytes());
        this.memory = new ListenerMemory(memoryPlan.frameMemory());
        this.admission = new ConnectionAdmission(options);
        this.refusals = new RefusalLog(options.name());
    }

    String name() {
        return options.name();
    }
}

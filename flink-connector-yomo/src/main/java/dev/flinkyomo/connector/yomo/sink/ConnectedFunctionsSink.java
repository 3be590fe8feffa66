package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.Routing;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Routes records to the YoMo stream functions connected to a listener source of the same job (built
 * with {@code setAcceptStreamFunctions(true)}), by YoMo's rule: every connected function that
 * observes the record's tag gets it, unless the record names another target; records no connected
 * function observes go nowhere, as in a YoMo zipper. What the functions write back comes out of
 * that source.
 *
 * <p>Where the listener holds a workflow's function list ({@code setWorkflowFunctions}, yomo v1.5
 * and v1.6 files), a record goes only to the functions listed after its writer: {@link #of(String,
 * WriterPosition)} says where each record was written ({@link Routing#follows}).
 *
 * <p><b>Where it runs.</b> The listener's connections live in the source subtask, so this sink's
 * subtask must run in the same TaskManager: give it parallelism 1, like the source, and leave both
 * in the default slot-sharing group (then they share a slot, on whichever TaskManager, after a
 * failover too). A writer that finds no listener of that name in its JVM for {@code listenerWait}
 * fails with a message saying so; a parallelism above 1 is refused (a function connects to one
 * listener, and the records of every subtask would have to reach it).
 *
 * <p><b>Guarantee.</b> At most once, as in YoMo: records routed to a function that disconnects
 * before reading them are lost, and so are records that arrive while no function observes their
 * tag. Backpressure: a write waits while a receiving function's stream is full; a function that
 * reads nothing for the source's function write timeout is closed so that it cannot stop the job.
 */
@PublicEvolving
public final class ConnectedFunctionsSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** How long a writer waits for the listener of its subtask to appear in its JVM. */
    public static final Duration DEFAULT_LISTENER_WAIT = Duration.ofSeconds(60);

    /** The record an element carries, and where in the workflow's order it was written. */
    public interface WriterPosition<T> extends Serializable {

        YomoRecord record(T element);

        /**
         * {@link Routing#SOURCES} for the sources, the writing function's 1-based place in the
         * workflow's list, or a negative number for another zipper's frames.
         */
        int writer(T element);
    }

    private final String listenerName;
    private final Duration listenerWait;
    private final WriterPosition<T> positions;

    private ConnectedFunctionsSink(
            String listenerName, Duration listenerWait, WriterPosition<T> positions) {
        this.listenerName = Objects.requireNonNull(listenerName, "listener name");
        this.listenerWait = Objects.requireNonNull(listenerWait, "listener wait");
        this.positions = Objects.requireNonNull(positions, "writer positions");
    }

    /**
     * To the functions connected to the listener source named {@code listenerName}, every record as
     * the sources' (functions take it wherever they are listed).
     */
    public static ConnectedFunctionsSink<YomoRecord> of(String listenerName) {
        return of(listenerName, new FromSources());
    }

    /** To the functions connected to that listener that are listed after each element's writer. */
    public static <T> ConnectedFunctionsSink<T> of(
            String listenerName, WriterPosition<T> positions) {
        return new ConnectedFunctionsSink<>(listenerName, DEFAULT_LISTENER_WAIT, positions);
    }

    public ConnectedFunctionsSink<T> withListenerWait(Duration wait) {
        return new ConnectedFunctionsSink<>(listenerName, wait, positions);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IllegalStateException(
                    "the sink to the stream functions connected to listener '"
                            + listenerName
                            + "' runs with parallelism "
                            + parallelism
                            + "; it needs parallelism 1, like its listener source: a function"
                            + " connects to one listener, and every record must reach it there");
        }
        return new ConnectedFunctionsWriter<>(
                positions,
                listenerName,
                context.getTaskInfo().getIndexOfThisSubtask(),
                listenerWait,
                context.metricGroup());
    }

    private static final class FromSources implements WriterPosition<YomoRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public YomoRecord record(YomoRecord element) {
            return element;
        }

        @Override
        public int writer(YomoRecord element) {
            return Routing.SOURCES;
        }
    }
}

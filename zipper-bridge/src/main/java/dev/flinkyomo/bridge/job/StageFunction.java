package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.Routing;

/**
 * One stage of the routing bus: passes every record on unchanged and, when the stage's function
 * accepts it, runs the function and puts what it writes on the bus marked with this stage. That is
 * YoMo v1.6 routing as a chain of operators: later stages see the sources' records and the outputs
 * of every earlier function, earlier stages never see later outputs.
 *
 * <p>Metrics under the operator: {@code recordsAccepted}, {@code recordsWritten}, {@code
 * recordsFailed} (Wasm traps and timeouts, and exceptions of Java functions, which skip the
 * record).
 */
final class StageFunction extends ProcessFunction<BusRecord, BusRecord> {

    private static final long serialVersionUID = 1L;

    private final StageSpec spec;

    private transient StageHandler handler;
    private transient Counter accepted;
    private transient Counter written;
    private transient Counter failed;

    StageFunction(StageSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        handler = spec.open(getRuntimeContext().getUserCodeClassLoader());
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("stage", spec.name());
        accepted = group.counter("recordsAccepted");
        written = group.counter("recordsWritten");
        failed = group.counter("recordsFailed");
    }

    @Override
    public void processElement(BusRecord in, Context ctx, Collector<BusRecord> out)
            throws Exception {
        out.collect(in);
        YomoRecord record = in.getRecord();
        // a connected function later in the list writes back through the listener, before this
        // stage in the chain: what it wrote is not for this stage
        if (!Routing.follows(in.getOrigin(), spec.number()) || !handler.accepts(record)) {
            return;
        }
        accepted.inc();
        long failuresBefore = handler.failures();
        for (YomoRecord result : handler.process(record)) {
            out.collect(new BusRecord(result, spec.number()));
            written.inc();
        }
        failed.inc(handler.failures() - failuresBefore);
    }

    @Override
    public void close() throws Exception {
        if (handler != null) {
            handler.close();
        }
    }
}

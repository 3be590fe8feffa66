package dev.flinkyomo.bridge.job.status;

import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/** Hands the embedded cluster's metrics to the {@link RunStatus} of the run it belongs to. */
final class RunStatusReporter implements MetricReporter {

    private final String run;

    RunStatusReporter(String run) {
        this.run = run;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        RunStatus status = RunStatus.of(run);
        if (status != null) {
            status.added(metricName, metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        RunStatus status = RunStatus.of(run);
        if (status != null) {
            status.removed(metric);
        }
    }
}

package dev.flinkyomo.bridge.job.status;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/** Creates the {@link RunStatusReporter} that {@link RunStatus#register} configures. */
@Internal
public final class RunStatusReporterFactory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new RunStatusReporter(properties.getProperty(RunStatus.RUN_KEY));
    }
}

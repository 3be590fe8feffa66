package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded MiniCluster: REST/web UI reachable while running, stops on --duration, reports
 * failures.
 */
class EmbeddedRunnerITCase {

    private final StringWriter text = new StringWriter();
    private final EmbeddedRunner runner =
            new EmbeddedRunner(new PrintWriter(text, true), EmbeddedRunner.DEFAULT_REST_PORTS);

    @Test
    void unboundedJobStopsAfterTheDurationWithItsWebUiUpWhileRunning() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(0, Long.MAX_VALUE)
                .filter((FilterFunction<Long>) v -> false)
                .addSink(new DiscardingSink<>());
        AtomicInteger httpStatus = new AtomicInteger();

        long start = System.nanoTime();
        EmbeddedRunner.Outcome outcome =
                runner.run(
                        env,
                        "endless",
                        1,
                        Optional.of(Duration.ofSeconds(3)),
                        rest -> httpStatus.set(status(rest.resolve("/overview"))));

        assertThat(outcome).isEqualTo(EmbeddedRunner.Outcome.STOPPED);
        assertThat(httpStatus.get()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(40));
        assertThat(text.toString())
                .contains("web UI http://localhost:")
                .contains("duration 3 s reached: cancelling job")
                .contains("stopped");
    }

    @Test
    void failingJobIsReportedWithItsCause() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromData(1L, 2L)
                .filter(
                        (FilterFunction<Long>)
                                v -> {
                                    throw new IllegalStateException("boom in the job");
                                })
                .addSink(new DiscardingSink<>());

        EmbeddedRunner.Outcome outcome =
                runner.run(env, "failing", 1, Optional.of(Duration.ofSeconds(30)), rest -> {});

        assertThat(outcome).isEqualTo(EmbeddedRunner.Outcome.FAILED);
        assertThat(text.toString()).contains("failed:").contains("boom in the job");
    }

    private static int status(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            return c.getResponseCode();
        } catch (Exception e) {
            return -1;
        }
    }
}

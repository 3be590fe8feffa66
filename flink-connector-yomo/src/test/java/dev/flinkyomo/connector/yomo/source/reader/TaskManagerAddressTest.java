package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a listener says devices reach it: the gauge and the log line. */
class TaskManagerAddressTest {

    private static final TaskManagerAddress TM = new TaskManagerAddress("10.0.3.7", "tm-1");

    @Test
    void aWildcardListenerIsReachedAtTheTaskManagersHost() {
        InetSocketAddress bound = new InetSocketAddress("0.0.0.0", 9001);
        // what a dual-stack socket bound to 0.0.0.0 reports
        InetSocketAddress dualStack = new InetSocketAddress("::", 9001);

        assertThat(TM.reachableAs(bound)).isEqualTo("10.0.3.7:9001");
        assertThat(TM.reachableAs(dualStack)).isEqualTo("10.0.3.7:9001");
        assertThat(TM.describe("0.0.0.0", dualStack))
                .isEqualTo("0.0.0.0:9001 (reachable as 10.0.3.7:9001, TaskManager tm-1)");
        assertThat(TM.describe("::", dualStack))
                .isEqualTo("[::]:9001 (reachable as 10.0.3.7:9001, TaskManager tm-1)");
    }

    @Test
    void aListenerOnOneAddressIsReachedOnlyThere() {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 9001);

        assertThat(TM.reachableAs(loopback)).isEqualTo("127.0.0.1:9001");
        assertThat(TM.describe("127.0.0.1", loopback))
                .isEqualTo("127.0.0.1:9001 (reachable as 127.0.0.1:9001, TaskManager tm-1)");
        assertThat(TM.reachableAs(new InetSocketAddress("::1", 9001)))
                .isEqualTo("[0:0:0:0:0:0:0:1]:9001");
    }

    @Test
    void anIpv6HostIsBracketed() {
        TaskManagerAddress v6 = new TaskManagerAddress("fd00::7", null);

        assertThat(v6.describe("0.0.0.0", new InetSocketAddress("0.0.0.0", 9000)))
                .isEqualTo("0.0.0.0:9000 (reachable as [fd00::7]:9000)");
    }

    @Test
    void theHostIsFlinksLocalHostNameThenTheHostVariableThenThisMachine() {
        Map<String, String> variables = Map.of("<host>", "tm-host-var", "<tm_id>", "tm-0");

        assertThat(TaskManagerAddress.of("tm-external", variables))
                .isEqualTo(new TaskManagerAddress("tm-external", "tm-0"));
        assertThat(TaskManagerAddress.of("", variables))
                .isEqualTo(new TaskManagerAddress("tm-host-var", "tm-0"));
        TaskManagerAddress bare = TaskManagerAddress.of(null, Map.of());
        assertThat(bare.host()).isNotBlank();
        assertThat(bare.taskManagerId()).isNull();
    }

    @Test
    void theGaugesHoldThePortAndTheReachableAddress() {
        MetricListener listener = new MetricListener();
        YomoSourceMetrics metrics =
                new YomoSourceMetrics(
                        InternalSourceReaderMetricGroup.mock(listener.getMetricGroup()));

        metrics.bindAddress(9001, TM.reachableAs(new InetSocketAddress("0.0.0.0", 9001)));

        assertThat(listener.<Integer>getGauge("yomo", "boundPort").map(Gauge::getValue))
                .contains(9001);
        assertThat(listener.<String>getGauge("yomo", "boundAddress").map(Gauge::getValue))
                .contains("10.0.3.7:9001");
    }
}

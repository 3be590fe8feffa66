package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.sink.AckingReceiver;
import dev.flinkyomo.connector.yomo.sink.TestListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sink table with {@code 'sink.delivery-guarantee' = 'at-least-once'} over real QUIC. */
class YomoTableAtLeastOnceSinkITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private StreamTableEnvironment tEnv;

    @BeforeEach
    void tableEnvironment() {
        tEnv = TestClusters.tableEnvironment();
    }

    private void createSink(String name, int port) {
        tEnv.executeSql(
                "CREATE TABLE "
                        + name
                        + " (line STRING) WITH (\n"
                        + "  'connector' = 'yomo', 'host' = '127.0.0.1', 'port' = '"
                        + port
                        + "',\n"
                        + "  'sink.tag' = '16', 'format' = 'raw',\n"
                        + "  'sink.delivery-guarantee' = 'at-least-once')");
    }

    @Test
    @Timeout(60)
    void theInsertEndsOnlyOnceTheReceiverAcknowledgedEveryRow() throws Exception {
        try (AckingReceiver receiver = new AckingReceiver(Duration.ofMillis(50))) {
            receiver.startAcknowledging();
            createSink("numbers_out", receiver.port);
            tEnv.executeSql("INSERT INTO numbers_out VALUES ('1'), ('2'), ('3')")
                    .await(30, TimeUnit.SECONDS);
            assertThat(receiver.acknowledgedUpTo()).isEqualTo(3);
            assertThat(receiver.handshakes).containsExactly("numbers_out-0@0");
        }
    }

    @Test
    @Timeout(60)
    void aStockReceiverFailsTheInsertNamingTheOption() throws Exception {
        try (TestListener stock = new TestListener()) {
            createSink("stock_out", stock.port);
            assertThatThrownBy(
                            () ->
                                    tEnv.executeSql("INSERT INTO stock_out VALUES ('1')")
                                            .await(30, TimeUnit.SECONDS))
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .contains(
                                                    "YoMo sink 'stock_out' has delivery guarantee")
                                            .contains("'sink.delivery-guarantee' = 'none'"));
            assertThat(stock.queue.size()).isZero();
        }
    }
}

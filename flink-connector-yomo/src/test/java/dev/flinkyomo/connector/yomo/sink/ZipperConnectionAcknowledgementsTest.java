package dev.flinkyomo.connector.yomo.sink;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ZipperConnection#awaitAcknowledged}: what a checkpoint of an AT_LEAST_ONCE sink waits for.
 */
class ZipperConnectionAcknowledgementsTest {

    @Test
    void aCheckpointWaitsForTheAcknowledgementsAndTimesOutNamingTheReceiver() throws Exception {
        try (AckingReceiver receiver = new AckingReceiver(Duration.ofMillis(50))) {
            ZipperConnection connection =
                    new ZipperConnection(
                            ClientOptions.builder(
                                            "127.0.0.1", receiver.port, "acks", ClientType.SOURCE)
                                    .tls(TlsOptions.INSECURE_DEFAULT)
                                    .udpBufferSize(0)
                                    .acknowledgements(AckOptions.of("acks-0").withRequired(true))
                                    .build(),
                            Duration.ofMillis(600),
                            OutagePolicy.BLOCK);
            try {
                connection.start();
                for (int i = 1; i <= 5; i++) {
                    assertThat(
                                    connection.write(
                                            new DataFrame(
                                                    0x10,
                                                    new byte[0],
                                                    Integer.toString(i)
                                                            .getBytes(StandardCharsets.UTF_8))))
                            .isTrue();
                }
                // the receiver has not "checkpointed": nothing is acknowledged
                assertThatThrownBy(connection::awaitAcknowledged)
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("the receiver at 127.0.0.1:" + receiver.port)
                        .hasMessageContaining("within the write timeout of 600 ms")
                        .hasMessageContaining("5 frame(s) unacknowledged")
                        .hasMessageContaining("durable up to sequence 0 of 5");
                assertThat(connection.unacknowledgedFrames()).isEqualTo(5);

                receiver.startAcknowledging();
                connection.awaitAcknowledged(); // returns once the receiver acknowledged all 5
                assertThat(connection.durableSequence()).isEqualTo(5);
                assertThat(connection.unacknowledgedFrames()).isZero();
                assertThat(receiver.acknowledgedUpTo()).isEqualTo(5);
                assertThat(connection.acknowledgementWaitMillis()).isGreaterThanOrEqualTo(600);
            } finally {
                connection.close();
            }
        }
    }

    @Test
    void dropIsNotForAcknowledgements() {
        assertThatThrownBy(
                        () ->
                                new ZipperConnection(
                                        ClientOptions.builder(
                                                        "127.0.0.1", 9, "x", ClientType.SOURCE)
                                                .acknowledgements(AckOptions.of("x-0"))
                                                .build(),
                                        Duration.ofSeconds(1),
                                        OutagePolicy.DROP))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

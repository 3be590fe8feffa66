package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.serialization.SimpleStringSchema;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.enumerator.SplitPlan;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.ClientOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each source role's builder builds that role, with only its own options. */
class YomoSourceBuilderTest {

    @Test
    void streamFunctionBuildsAStreamFunctionClient() {
        YomoSource<YomoRecord> source =
                YomoSource.streamFunction()
                        .setZipper("zipper.example", 9001)
                        .setName("flink-sfn")
                        .setObservedTags(0x33, 0x34, 0x33)
                        .setCredential("token:secret")
                        .setReconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                        .setConnections(2)
                        .setQueueCapacity(7)
                        .build();
        SourceRole.StreamFunction role = (SourceRole.StreamFunction) source.role();
        assertThat(role.connections()).isEqualTo(2);
        assertThat(role.splitPlan()).isEqualTo(SplitPlan.connect(2));
        ClientOptions o = role.options();
        assertThat(o.host()).isEqualTo("zipper.example");
        assertThat(o.port()).isEqualTo(9001);
        assertThat(o.name()).isEqualTo("flink-sfn");
        assertThat(o.clientType()).isEqualTo(ClientType.STREAM_FUNCTION);
        assertThat(o.observeDataTags()).containsExactly(0x33L, 0x34L);
        assertThat(o.credential()).isEqualTo("token:secret");
        assertThat(o.reconnect()).isTrue();
        assertThat(o.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(source.queueSettings().frames()).isEqualTo(7);
    }

    @Test
    void listenerBuildsAListener() {
        YomoSource<YomoRecord> source =
                YomoSource.listener()
                        .setPort(9100)
                        .setAuthToken("t")
                        .setIdleTimeout(Duration.ofSeconds(3))
                        .setRetryTokenLifetime(Duration.ofSeconds(4))
                        .setFetchLinger(Duration.ZERO)
                        .build();
        SourceRole.Listener role = (SourceRole.Listener) source.role();
        assertThat(role.splitPlan()).isEqualTo(SplitPlan.listen(9100));
        assertThat(role.options().authToken()).isEqualTo("t");
        assertThat(role.options().idleTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(role.options().retryTokenLifetime()).isEqualTo(Duration.ofSeconds(4));
        assertThat(source.queueSettings().fetchLinger()).isZero();
    }

    @Test
    void aDeserializerChangesOnlyTheRecordType() {
        YomoSource<String> source =
                YomoSource.listener()
                        .setQueueCapacity(5)
                        .setPayloadDeserializer(new SimpleStringSchema())
                        .setPort(0)
                        .build();
        assertThat(source.getProducedType().getTypeClass()).isEqualTo(String.class);
        assertThat(source.queueSettings().frames()).isEqualTo(5);
    }

    @Test
    void streamFunctionNeedsZipperAndObservedTags() {
        assertThatThrownBy(() -> YomoSource.streamFunction().setObservedTags(1).build())
                .hasMessageContaining("needs the zipper's address");
        assertThatThrownBy(() -> YomoSource.streamFunction().setZipper("localhost", 9000).build())
                .hasMessageContaining("needs the tags to observe");
        assertThatThrownBy(() -> YomoSource.streamFunction().setZipper("localhost", 0))
                .hasMessageContaining("port must be 1..65535");
    }

    @Test
    void badValuesAreRefusedWhereTheyAreSet() {
        assertThatThrownBy(() -> YomoSource.streamFunction().setObservedTags(0xF001))
                .hasMessageContaining("0xf001 is reserved");
        assertThatThrownBy(() -> YomoSource.streamFunction().setObservedTags(List.of(1L << 32)))
                .hasMessageContaining("uint32");
        assertThatThrownBy(() -> YomoSource.streamFunction().setCredential("secret"))
                .hasMessageContaining("name:payload");
        assertThatThrownBy(() -> YomoSource.streamFunction().setConnections(0))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> YomoSource.listener().setPort(70000))
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> YomoSource.listener().setHandshakeTimeout(Duration.ZERO))
                .hasMessageContaining("positive");
    }
}

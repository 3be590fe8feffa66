package dev.flinkyomo.connector.yomo.source;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.ClientOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YomoSourceBuilderTest {

    @Test
    void connectModeBuildsAStreamFunctionClient() {
        YomoSource<YomoRecord> source =
                YomoSource.builder()
                        .connectTo("zipper.example", 9001)
                        .setStreamFunctionName("flink-sfn")
                        .setObservedTags(0x33, 0x34, 0x33)
                        .setCredential("token:secret")
                        .setReconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                        .build();
        assertThat(source.mode()).isEqualTo(YomoSourceMode.CONNECT);
        assertThat(source.listenerOptions()).isEmpty();
        ClientOptions o = source.clientOptions().orElseThrow();
        assertThat(o.host()).isEqualTo("zipper.example");
        assertThat(o.port()).isEqualTo(9001);
        assertThat(o.name()).isEqualTo("flink-sfn");
        assertThat(o.clientType()).isEqualTo(ClientType.STREAM_FUNCTION);
        assertThat(o.observeDataTags()).containsExactly(0x33L, 0x34L);
        assertThat(o.credential()).isEqualTo("token:secret");
        assertThat(o.reconnect()).isTrue();
        assertThat(o.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void listenModeStaysTheDefault() {
        YomoSource<YomoRecord> source = YomoSource.builder().setPort(0).build();
        assertThat(source.mode()).isEqualTo(YomoSourceMode.LISTEN);
        assertThat(source.listenerOptions()).isPresent();
        assertThat(source.clientOptions()).isEmpty();
    }

    @Test
    void connectModeNeedsHostAndObservedTags() {
        assertThatThrownBy(
                        () ->
                                YomoSource.builder()
                                        .setMode(YomoSourceMode.CONNECT)
                                        .setObservedTags(1)
                                        .build())
                .hasMessageContaining("connect mode needs the zipper's host");
        assertThatThrownBy(() -> YomoSource.builder().connectTo("localhost", 9000).build())
                .hasMessageContaining("connect mode needs the tags to observe");
        assertThatThrownBy(
                        () ->
                                YomoSource.builder()
                                        .connectTo("localhost", 0)
                                        .setObservedTags(1)
                                        .build())
                .hasMessageContaining("zipper's port");
    }

    @Test
    void optionsOfTheOtherModeAreNamed() {
        assertThatThrownBy(
                        () ->
                                YomoSource.builder()
                                        .connectTo("localhost", 9000)
                                        .setObservedTags(1)
                                        .setAuthToken("t")
                                        .setMaxConnections(3)
                                        .build())
                .hasMessageContaining(
                        "[setAuthToken, setMaxConnections] are not used in CONNECT mode");
        assertThatThrownBy(() -> YomoSource.builder().setObservedTags(1).build())
                .hasMessageContaining("[setObservedTags] is not used in LISTEN mode")
                .hasMessageContaining("connectTo");
    }

    @Test
    void badTagsAndCredentialsAreRefusedWhereTheyAreSet() {
        assertThatThrownBy(() -> YomoSource.builder().setObservedTags(0xF001))
                .hasMessageContaining("0xf001 is reserved");
        assertThatThrownBy(() -> YomoSource.builder().setObservedTags(List.of(1L << 32)))
                .hasMessageContaining("uint32");
        assertThatThrownBy(() -> YomoSource.builder().setCredential("secret"))
                .hasMessageContaining("name:payload");
        assertThatThrownBy(() -> YomoSource.builder().setConnections(0))
                .hasMessageContaining("positive");
    }
}

package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import dev.flinkyomo.connector.yomo.source.SourceRole;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.SecurityProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admission and security options of a listen-mode table reach its listener. */
class YomoTableAdmissionOptionsTest {

    @Test
    void optionsReachTheListener() {
        ListenerOptions o =
                listener(
                        Map.of(
                                "max-pending-connections", "16",
                                "max-connections-per-address", "0",
                                "max-handshake-size", "2kb",
                                "security.profile", "strict",
                                "protocol-generations", "final"));
        assertThat(o.maxPendingConnections()).isEqualTo(16);
        assertThat(o.maxConnectionsPerAddress()).isZero();
        assertThat(o.maxHandshakeSize()).isEqualTo(2048);
        assertThat(o.securityProfile()).isEqualTo(SecurityProfile.STRICT);
        assertThat(o.generations()).containsExactly(ProtocolGeneration.FINAL);
    }

    /** The Kafka connector's naming: source-only options under scan.*, the old keys still read. */
    @Test
    void sourceOptionsAreReadUnderScanAndUnderTheirOldKeys() {
        ListenerOptions o =
                listener(
                        Map.of(
                                "scan.max-pending-connections", "16",
                                "scan.retry-token-lifetime", "3 s",
                                "scan.max-connections-per-address", "3",
                                "scan.max-handshake-size", "2kb",
                                "scan.protocol-generations", "final"));
        assertThat(o.maxPendingConnections()).isEqualTo(16);
        assertThat(o.retryTokenLifetime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.maxConnectionsPerAddress()).isEqualTo(3);
        assertThat(o.maxHandshakeSize()).isEqualTo(2048);
        assertThat(o.generations()).containsExactly(ProtocolGeneration.FINAL);
        // the new key wins where a table sets both
        assertThat(
                        listener(
                                        Map.of(
                                                "scan.max-pending-connections", "16",
                                                "max-pending-connections", "8"))
                                .maxPendingConnections())
                .isEqualTo(16);
    }

    @Test
    void defaultsAreTheListenersOwn() {
        ListenerOptions o = listener(Map.of());
        ListenerOptions d = ListenerOptions.builder().build();
        assertThat(o.maxPendingConnections()).isEqualTo(d.maxPendingConnections());
        assertThat(o.retryTokenLifetime()).isEqualTo(d.retryTokenLifetime());
        assertThat(o.maxConnectionsPerAddress()).isEqualTo(d.maxConnectionsPerAddress());
        assertThat(o.maxHandshakeSize()).isEqualTo(d.maxHandshakeSize());
        assertThat(o.securityProfile()).isEqualTo(SecurityProfile.DEFAULT);
        assertThat(o.generations()).isEqualTo(d.generations());
        assertThat(o.handshakeTimeout()).isEqualTo(ListenerOptions.DEFAULT_HANDSHAKE_TIMEOUT);
    }

    @Test
    void badValuesFailNamingTheOption() {
        assertThatThrownBy(() -> listener(Map.of("protocol-generations", "final;2019")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("option 'scan.protocol-generations'")
                .hasMessageContaining("'2019' is not a generation");
        assertThatThrownBy(() -> listener(Map.of("max-pending-connections", "0")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("option 'scan.max-pending-connections'");
        assertThatThrownBy(() -> listener(Map.of("scan.retry-token-lifetime", "0 s")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("option 'scan.retry-token-lifetime'");
        assertThatThrownBy(() -> listener(Map.of("security.profile", "paranoid")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paranoid");
    }

    @Test
    void listenOnlyOptionsAreRefusedInConnectMode() {
        YomoTableOptions t =
                new YomoTableOptions(
                        "cat.db.t",
                        "t",
                        Configuration.fromMap(
                                Map.of(
                                        "mode", "connect",
                                        "host", "127.0.0.1",
                                        "observed-tags", "1",
                                        "security.profile", "strict")));
        assertThatThrownBy(() -> t.source(YomoDeserializationSchema.records()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("option 'security.profile' is for listen mode");
    }

    private static ListenerOptions listener(Map<String, String> options) {
        YomoTableOptions t = new YomoTableOptions("cat.db.t", "t", Configuration.fromMap(options));
        return ((SourceRole.Listener) t.source(YomoDeserializationSchema.records()).role())
                .options();
    }
}

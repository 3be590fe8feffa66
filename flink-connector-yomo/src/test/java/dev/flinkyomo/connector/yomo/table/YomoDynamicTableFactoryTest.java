package dev.flinkyomo.connector.yomo.table;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the factory declares, as Flink's planner and compiled plans read it. */
class YomoDynamicTableFactoryTest {

    private final YomoDynamicTableFactory factory = new YomoDynamicTableFactory();

    @Test
    void networkOptionsAreForwardedAndPlanShapingOnesAreNot() {
        assertThat(factory.optionalOptions()).containsAll(factory.forwardOptions());
        assertThat(factory.forwardOptions())
                .contains(
                        YomoConnectorOptions.HOST,
                        YomoConnectorOptions.PORT,
                        YomoConnectorOptions.CREDENTIAL,
                        YomoConnectorOptions.SINK_BUFFER_FLUSH_MAX_ROWS)
                .doesNotContain(
                        YomoConnectorOptions.MODE,
                        YomoConnectorOptions.OBSERVED_TAGS,
                        YomoConnectorOptions.SINK_TAG,
                        YomoConnectorOptions.SINK_DELIVERY_GUARANTEE,
                        YomoConnectorOptions.SCAN_WATERMARK_PER_DEVICE);
    }

    @Test
    void sourceOnlyOptionsFollowTheKafkaConnectorsScanPrefixAndKeepTheirOldKeys() {
        assertThat(YomoConnectorOptions.OBSERVED_TAGS.key()).isEqualTo("scan.observed-tags");
        assertThat(YomoConnectorOptions.OBSERVED_TAGS.fallbackKeys())
                .extracting(k -> k.getKey())
                .containsExactly("observed-tags");
        assertThat(YomoConnectorOptions.SINK_BUFFER_FLUSH_INTERVAL.key())
                .isEqualTo("sink.buffer-flush.interval");
    }
}

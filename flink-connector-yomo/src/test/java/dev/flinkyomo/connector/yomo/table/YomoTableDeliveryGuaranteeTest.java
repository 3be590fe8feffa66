package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;

import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSinkOptions;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 'sink.delivery-guarantee' reaches the sink; the values it cannot take fail naming it. */
class YomoTableDeliveryGuaranteeTest {

    private static YomoSinkOptions sink(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>();
        options.put("host", "127.0.0.1");
        options.put("sink.tag", "16");
        options.putAll(extra);
        return new YomoTableOptions("cat.db.out", "out", Configuration.fromMap(options))
                .sink(YomoRecordSerializer.yomoRecords())
                .options();
    }

    @Test
    void noneByDefault() {
        assertThat(sink(Map.of()).deliveryGuarantee()).isEqualTo(DeliveryGuarantee.NONE);
    }

    @Test
    void flinksValuesParse() {
        assertThat(sink(Map.of("sink.delivery-guarantee", "at-least-once")).deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(sink(Map.of("sink.delivery-guarantee", "none")).deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.NONE);
        assertThat(sink(Map.of("sink.delivery-guarantee", "at-least-once")).producerId(2))
                .isEqualTo("out-2");
    }

    @Test
    void exactlyOnceFailsNamingTheOption() {
        assertThatThrownBy(() -> sink(Map.of("sink.delivery-guarantee", "exactly-once")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("option 'sink.delivery-guarantee'")
                .hasMessageContaining("cannot deliver exactly once");
    }

    @Test
    void atLeastOnceWithDropFailsNamingBoth() {
        assertThatThrownBy(
                        () ->
                                sink(
                                        Map.of(
                                                "sink.delivery-guarantee", "at-least-once",
                                                "sink.outage-policy", "DROP")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("table cat.db.out")
                .hasMessageContaining("'sink.outage-policy' = 'DROP'");
    }

    @Test
    void theFactoryKnowsTheOption() {
        assertThat(new YomoDynamicTableFactory().optionalOptions())
                .contains(YomoConnectorOptions.SINK_DELIVERY_GUARANTEE);
    }
}

package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.connector.base.DeliveryGuarantee;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link YomoSinkBuilder#setDeliveryGuarantee} builds and what it refuses. */
class YomoSinkDeliveryGuaranteeTest {

    private static YomoSinkBuilder<YomoRecord> builder() {
        return YomoSink.<YomoRecord>builder()
                .setZipper("zipper.example.com", 9000)
                .setClientName("results")
                .setRecordSerializer(YomoRecordSerializer.yomoRecords());
    }

    @Test
    void noneByDefaultWithoutAcknowledgements() {
        YomoSinkOptions o = builder().build().options();
        assertThat(o.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.NONE);
        assertThat(o.clientOptions(0).acknowledgements()).isNull();
    }

    @Test
    void atLeastOnceRequiresAcknowledgementsAsAStableProducerPerSubtask() {
        YomoSinkOptions o =
                builder().setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build().options();
        assertThat(o.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        ClientOptions c3 = o.clientOptions(3);
        AckOptions acks = c3.acknowledgements();
        assertThat(acks.producerId()).isEqualTo("results-3");
        assertThat(acks.required()).isTrue();
        // the same after a restart (a new options object, a new handshake id)
        ClientOptions again = o.clientOptions(3);
        assertThat(again.acknowledgements().producerId()).isEqualTo("results-3");
        assertThat(o.clientOptions(0).acknowledgements().producerId()).isEqualTo("results-0");
        assertThat(o).isNotEqualTo(builder().build().options());
    }

    @Test
    void dropCannotGoWithAtLeastOnce() {
        assertThatThrownBy(
                        () ->
                                builder()
                                        .setOutagePolicy(OutagePolicy.DROP)
                                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AT_LEAST_ONCE cannot drop records")
                .hasMessageContaining("'sink.outage-policy' = 'DROP'");
        // DROP with NONE stays allowed
        assertThat(builder().setOutagePolicy(OutagePolicy.DROP).build()).isNotNull();
    }

    @Test
    void exactlyOnceIsRefused() {
        assertThatThrownBy(() -> builder().setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot deliver exactly once")
                .hasMessageContaining("AT_LEAST_ONCE");
    }

    @Test
    void aClientNameTooLongForAProducerIdIsRefused() {
        assertThatThrownBy(
                        () ->
                                builder()
                                        .setClientName("n".repeat(120))
                                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at most 117 bytes");
        assertThat(
                        builder()
                                .setClientName("n".repeat(117))
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build())
                .isNotNull();
    }
}

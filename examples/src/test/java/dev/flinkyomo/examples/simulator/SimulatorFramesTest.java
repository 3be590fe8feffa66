package dev.flinkyomo.examples.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkyomo.examples.testutil.TestZipper;
import dev.flinkyomo.formats.y3.Y3Key;
import dev.flinkyomo.formats.y3.Y3PojoDeserializationSchema;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each simulator over real QUIC into a YoMo listener on an ephemeral port: exact frames. */
class SimulatorFramesTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestZipper zipper;

    @BeforeEach
    void start() throws Exception {
        zipper = new TestZipper();
    }

    @AfterEach
    void stop() {
        zipper.close();
    }

    private SimulatedSource.Builder source(String name, long tag, PayloadGenerator gen, int count) {
        AtomicLong clock = new AtomicLong(T0);
        return SimulatedSource.builder(name, tag, gen)
                .endpoint("127.0.0.1", zipper.port())
                .interval(Duration.ofMillis(2))
                .count(count)
                .clock(() -> clock.getAndAdd(100))
                .connectTimeout(Duration.ofSeconds(10));
    }

    @Test
    void noiseSourceSendsYomoNoiseJsonOnTag0x33InOrder() throws Exception {
        int n = 25;
        long sent =
                source(
                                "noise-test",
                                NoiseGenerator.YOMO_NOISE_TAG,
                                new NoiseGenerator(7, "noise-test"),
                                n)
                        .build()
                        .run();
        List<InboundFrame> frames = zipper.await(n, WAIT);

        assertThat(sent).isEqualTo(n);
        assertThat(frames).hasSize(n);
        Random expected = new Random(7);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < n; i++) {
            InboundFrame f = frames.get(i);
            float noise = expected.nextFloat() * 200;
            String text = new String(f.payload(), StandardCharsets.UTF_8);
            assertThat(f.tag()).isEqualTo(0x33);
            assertThat(text)
                    .isEqualTo(
                            "{\"noise\":"
                                    + NoiseGenerator.goFloat32(noise)
                                    + ",\"time\":"
                                    + (T0 + 100L * i)
                                    + ",\"from\":\"noise-test\"}");
            JsonNode node = json.readTree(text);
            assertThat(node.get("noise").floatValue()).isEqualTo(noise).isBetween(0f, 200f);
            assertThat(node.get("time").longValue()).isEqualTo(T0 + 100L * i);
        }
        assertSourceMetadata(frames, "noise-test");
    }

    @Test
    void noiseJsonMatchesGoEncodingOfFloat32() {
        assertThat(NoiseGenerator.goFloat32(100f)).isEqualTo("100");
        assertThat(NoiseGenerator.goFloat32(0f)).isEqualTo("0");
        assertThat(NoiseGenerator.goFloat32(0.5f)).isEqualTo("0.5");
        assertThat(NoiseGenerator.goFloat32(123.456f)).isEqualTo("123.456");
        assertThat(NoiseGenerator.goFloat32(1.2e-5f)).isEqualTo("0.000012");
        assertThat(NoiseGenerator.json(161.5f, 42, "a\"b"))
                .isEqualTo("{\"noise\":161.5,\"time\":42,\"from\":\"a\\\"b\"}");
        assertThatThrownBy(() -> NoiseGenerator.goFloat32(Float.NaN)).hasMessageContaining("NaN");
    }

    @Test
    void sensorReadingIsOneY3RecordNode() {
        // 90 = node 0x10; 11 "room-1"; 12 float64 21.5 = 40 35 80 (trailing zero bytes dropped); 13
        // NVarInt 1000
        assertThat(HexFormat.of().formatHex(SensorY3.encode("room-1", 21.5, 1000)))
                .isEqualTo("9011" + "1106726f6f6d2d31" + "1203403580" + "130203e8");
    }

    @Test
    void sensorSourcesSendY3ReadingsOnTheirKindsTags() throws Exception {
        int n = 12;
        Y3PojoDeserializationSchema<Reading> schema = Y3PojoDeserializationSchema.of(Reading.class);
        for (SensorKind kind : SensorKind.values()) {
            source(kind + "-test", kind.tag(), new SensorGenerator(kind, "room-9", 3), n)
                    .build()
                    .run();
            List<InboundFrame> frames = zipper.await(n, WAIT);
            assertThat(frames).hasSize(n);

            SensorGenerator replay = new SensorGenerator(kind, "room-9", 3);
            for (int i = 0; i < n; i++) {
                InboundFrame f = frames.get(i);
                assertThat(f.tag()).isEqualTo(kind.tag());
                assertThat(f.payload()).isEqualTo(replay.payload(i, T0 + 100L * i));
                Reading r = schema.deserialize(f.payload());
                assertThat(r.sensor).isEqualTo("room-9");
                assertThat(r.ts).isEqualTo(T0 + 100L * i);
                assertThat(r.val)
                        .isBetween(kind.base() - kind.amplitude(), kind.base() + kind.amplitude());
                assertThat(Math.round(r.val * 100) / 100.0).isEqualTo(r.val);
            }
            assertSourceMetadata(frames, kind + "-test");
        }
        assertThat(SensorKind.TEMPERATURE.tag()).isNotEqualTo(SensorKind.HUMIDITY.tag());
        assertThat(SensorKind.TEMPERATURE.defaultInterval())
                .isNotEqualTo(SensorKind.HUMIDITY.defaultInterval());
    }

    @Test
    void imageSourceSendsRawRgbFramesWithTheFunctionsHeader() throws Exception {
        int n = 5;
        int w = 48;
        int h = 32;
        source("camera-test", ImageSource.FRAME_TAG, new ImageGenerator(w, h), n).build().run();
        List<InboundFrame> frames = zipper.await(n, WAIT);

        assertThat(frames).hasSize(n);
        for (int i = 0; i < n; i++) {
            byte[] p = frames.get(i).payload();
            assertThat(frames.get(i).tag()).isEqualTo(0x40);
            assertThat(p).hasSize(8 + w * h * 3);
            assertThat(HexFormat.of().formatHex(p, 0, 8))
                    .isEqualTo("30000000" + "20000000"); // 48, 32 little-endian
            // the moving square: white at (3i, 2i), 16 px wide
            int at = RgbFrame.offset(w, 3 * i + 5, 2 * i + 5);
            assertThat(new int[] {p[at] & 0xFF, p[at + 1] & 0xFF, p[at + 2] & 0xFF})
                    .containsExactly(255, 255, 255);
            // outside it: the gradient, green = y * 255 / (h - 1) at the frame's light level
            int y = h - 1;
            int below = RgbFrame.offset(w, w - 1, y);
            assertThat(p[below + 1] & 0xFF).isEqualTo(255 * ImageGenerator.light(i) / 100);
        }
        assertThat(frames.get(0).payload()).isNotEqualTo(frames.get(1).payload());
        assertSourceMetadata(frames, "camera-test");
    }

    @Test
    void unreachableZipperFailsWithTheAddressAfterTheConnectTimeout() {
        int port = zipper.port();
        zipper.close();
        SimulatedSource s =
                SimulatedSource.builder("lonely", 0x33, new NoiseGenerator(1, "x"))
                        .endpoint("127.0.0.1", port)
                        .connectTimeout(Duration.ofSeconds(1))
                        .count(1)
                        .build();
        assertThatThrownBy(s::run)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("within 1 s");
    }

    @Test
    void badSettingsAreRejectedWithWhatIsWrong() {
        NoiseGenerator g = new NoiseGenerator(1, "x");
        assertThatThrownBy(() -> SimulatedSource.builder("s", 0xF001, g))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> SimulatedSource.builder("s", 0x33, g).interval(Duration.ZERO))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> new ImageGenerator(0, 10)).hasMessageContaining("1..4096");
    }

    private static void assertSourceMetadata(List<InboundFrame> frames, String name) {
        Set<String> sourceIds =
                frames.stream()
                        .map(f -> f.metadata().get(MetadataKeys.SOURCE_ID))
                        .collect(Collectors.toSet());
        Set<String> tids =
                frames.stream()
                        .map(f -> f.metadata().get(MetadataKeys.TID))
                        .collect(Collectors.toSet());
        assertThat(sourceIds).hasSize(1);
        assertThat(sourceIds.iterator().next())
                .hasSize(21)
                .isEqualTo(frames.get(0).connection().clientId());
        assertThat(tids).hasSize(frames.size()).allSatisfy(t -> assertThat(t).hasSize(21));
        assertThat(frames)
                .allSatisfy(
                        f -> {
                            assertThat(f.connection().clientName()).isEqualTo(name);
                            assertThat(f.connection().clientType())
                                    .isEqualTo(ClientType.SOURCE.code());
                        });
    }

    /** The sensor layout as a POJO, read with the y3 format. */
    public static class Reading {
        @Y3Key(0x11)
        public String sensor;

        @Y3Key(0x12)
        public double val;

        @Y3Key(0x13)
        public long ts;
    }
}

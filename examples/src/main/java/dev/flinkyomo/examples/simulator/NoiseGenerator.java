package dev.flinkyomo.examples.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * YoMo's noise reading as its Go sources send it (yomo v1.5.3 to v1.19 example/0-basic): {@code
 * {"noise":<float32>,"time":<epoch ms>,"from":"<name>"}} with {@code noise = rand.Float32() * 200}.
 */
public final class NoiseGenerator implements PayloadGenerator {

    /** YoMo's tag for the noise JSON ({@code source.Write(0x33, json)}). */
    public static final long YOMO_NOISE_TAG = 0x33;

    private final Random random;
    private final String from;

    public NoiseGenerator(long seed, String from) {
        this.random = new Random(seed);
        this.from = from;
    }

    /** The next noise level, in [0, 200) like Go's {@code rand.Float32() * 200}. */
    float nextNoise() {
        return random.nextFloat() * 200;
    }

    @Override
    public byte[] payload(long seq, long nowMillis) {
        return json(nextNoise(), nowMillis, from).getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON Go's {@code json.Marshal} writes for the noise struct, byte for byte. */
    public static String json(float noise, long time, String from) {
        return "{\"noise\":"
                + goFloat32(noise)
                + ",\"time\":"
                + time
                + ",\"from\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(from))
                + "\"}";
    }

    /**
     * A float32 as Go's encoding/json writes it: the shortest decimal that round-trips, no exponent
     * in the noise range, no trailing {@code .0} ({@code 100} rather than {@code 100.0}).
     */
    public static String goFloat32(float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("JSON has no representation for " + v);
        }
        return new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
    }
}

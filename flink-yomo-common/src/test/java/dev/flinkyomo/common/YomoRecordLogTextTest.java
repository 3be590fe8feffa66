package dev.flinkyomo.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record's {@code toString} goes into the stages' WARN lines; its client name and metadata come
 * from devices, so it must stay one escaped, bounded line.
 */
class YomoRecordLogTextTest {

    @Test
    void aNewlineInTheClientNameOrAMetadataValueStaysEscaped() {
        YomoRecord r =
                new YomoRecord(
                        0x33,
                        "payload".getBytes(StandardCharsets.UTF_8),
                        Map.of("yomo-tid", "t1\nERROR forged line"));
        r.setClientName("dev\r\n\u001b[31m");

        assertThat(r.toString())
                .doesNotContain("\n", "\r", "\u001b")
                .isEqualTo(
                        "YomoRecord{tag=0x33, payload=7 bytes, metadata={'yomo-tid'='t1\\nERROR"
                                + " forged line'}, client='dev\\r\\n\\u001b[31m'}");
    }

    @Test
    void tenThousandMetadataEntriesShowSixteen() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            many.put("k" + i, "v");
        }

        String text = new YomoRecord(0x33, new byte[0], many).toString();

        assertThat(text).contains("'k15'='v', ...(10000 entries)}").doesNotContain("'k16'");
    }
}

package dev.flinkyomo.wasm.table;

import dev.flinkyomo.wasm.runtime.CapturedLog;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class RowTrapLogTest {

    @Test
    void aGuestTrappingOnEveryRowLogsOneEscapedLineAnInterval() {
        String logger = RowTrapLogTest.class.getName();
        try (CapturedLog log = CapturedLog.of(logger)) {
            RowTrapLog trapLog =
                    new RowTrapLog(
                            LoggerFactory.getLogger(logger), "Wasm function f returned NULL");
            for (int i = 0; i < 1000; i++) {
                trapLog.trapped(new IllegalStateException("row " + i + "\nforged line"));
            }
            assertThat(log.messages())
                    .singleElement()
                    .asString()
                    .isEqualTo("Wasm function f returned NULL after: 'row 0\\nforged line'");
        }
    }
}

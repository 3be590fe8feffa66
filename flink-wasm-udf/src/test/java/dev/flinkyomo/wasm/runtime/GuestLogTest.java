package dev.flinkyomo.wasm.runtime;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class GuestLogTest {

    @Test
    void outputBeyondTheBudgetIsSuppressedAndLongLinesAreCut() throws Exception {
        GuestLog log = new GuestLog("chatty.wasm", true, 100);
        for (int i = 0; i < 50; i++) {
            log.write("0123456789\n".getBytes(StandardCharsets.UTF_8));
        }
        log.write(new byte[5000]);
        log.flush();
        assertThat(log.loggedBytes()).isEqualTo(100L);
        assertThat(log.suppressedBytes()).isEqualTo(40L * 10 + GuestLog.MAX_LINE);
    }

    @Test
    void aGuestLineWithCarriageReturnAndEscapeIsLoggedEscaped() throws Exception {
        GuestLog guest = new GuestLog("echo.wasm", false, 10_000);
        try (CapturedLog log = CapturedLog.of("dev.flinkyomo.wasm.guest.echo_wasm")) {
            guest.write(
                    "device said: ok\r12:00 ERROR forged\u001b[2J\n"
                            .getBytes(StandardCharsets.UTF_8));

            assertThat(log.messages())
                    .containsExactly(
                            "[echo.wasm stdout] device said: ok\\r12:00 ERROR forged\\u001b[2J");
        }
    }
}

package dev.flinkyomo.yomo.transport;

import io.netty.handler.codec.quic.QuicSslContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener's TLS context keeps no server-side session cache (issue 17): QUIC resumes TLS 1.3
 * sessions with tickets, so the cache only held native memory for every connection.
 */
class QuicTlsServerSessionCacheTest {

    @Test
    void listenerContextCachesAtMostOneSession() {
        QuicSslContext ctx = QuicTls.server(TlsOptions.INSECURE_DEFAULT, "localhost");
        assertThat(ctx.sessionContext().getSessionCacheSize())
                .isEqualTo((int) QuicTls.SERVER_SESSION_CACHE_SIZE)
                .isEqualTo(1);
    }
}

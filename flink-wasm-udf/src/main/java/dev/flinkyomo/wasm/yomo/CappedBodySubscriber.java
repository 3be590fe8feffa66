package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.Internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Reads an HTTP response body one chunk at a time up to a cap. Past the cap (or when the declared
 * Content-Length is over it) it cancels the subscription, which makes the JDK client close the
 * connection, and fails: at most the cap plus one chunk of the client's (16 KiB buffers) is ever
 * held, where reading the whole body first held whatever the server sent.
 */
@Internal
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final int cap;
    private final long declaredLength;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;

    CappedBodySubscriber(int cap, long declaredLength) {
        this.cap = cap;
        this.declaredLength = declaredLength;
    }

    /** A handler whose subscriber is also handed to {@code made}, to cancel it from outside. */
    static HttpResponse.BodyHandler<byte[]> handler(int cap, Consumer<CappedBodySubscriber> made) {
        return info -> {
            CappedBodySubscriber s =
                    new CappedBodySubscriber(
                            cap, info.headers().firstValueAsLong("content-length").orElse(-1));
            made.accept(s);
            return s;
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > cap) {
            fail("declares " + declaredLength + " bytes");
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> chunks) {
        for (ByteBuffer chunk : chunks) {
            if (buffer.size() + (long) chunk.remaining() > cap) {
                fail("has more than " + cap + " bytes");
                return;
            }
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            buffer.write(bytes, 0, bytes.length);
        }
        subscription.request(1);
    }

    private void fail(String what) {
        subscription.cancel();
        body.completeExceptionally(
                new IOException(
                        "response body "
                                + what
                                + ", over the limit of "
                                + cap
                                + " bytes; the connection was closed"));
    }

    /** Stops reading (e.g. at the call's deadline); the client then closes the connection. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}

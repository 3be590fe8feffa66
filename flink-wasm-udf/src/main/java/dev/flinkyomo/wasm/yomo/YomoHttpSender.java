package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkyomo.wasm.runtime.GuestMemory;
import dev.flinkyomo.wasm.runtime.WasmFunction;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * {@code yomo_http_send}: refused (return code 2) unless the URL's host and port are on the
 * allow-list ({@link HttpAllowList}; each refusal is logged with the host and port, at most every
 * 10 s per instance). The request waits at most what is left of the guest call's timeout (wasmtime
 * cannot interrupt a host function, so before this a call could overrun its timeout by the
 * request's own, 10 s by default), and the response body is read in chunks up to {@link
 * #MAX_RESPONSE_BYTES} and the connection dropped past it ({@link CappedBodySubscriber}).
 *
 * <p>Request JSON (Go field names, matched case-insensitively): {@code
 * {"Method":"GET","URL":"http://host/path","Header":{"k":"v"},"Body":"<base64>","Timeout":<ms>}}.
 * Response JSON, written into a buffer the guest allocates with {@code yomo_alloc(size)}: {@code
 * {"Status":"200 OK","StatusCode":200,"Header":{"k":"v"},"Body":"<base64>"}}; its pointer and size
 * are stored as little-endian u32 at {@code respPtrPtr} and {@code respSizePtr}. Return codes: 0
 * ok, 1 request unreadable, 2 HTTP error or refused, 4 response not writable.
 */
@Internal
public final class YomoHttpSender {

    private static final Logger LOG = LoggerFactory.getLogger(YomoHttpSender.class);

    static final int OK = 0;
    static final int READ_ERROR = 1;
    static final int HTTP_ERROR = 2;
    static final int WRITE_ERROR = 4;

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    /**
     * Made on the first HTTP call, not when a function opens: most guests never call {@code
     * yomo_http_send}, and a first {@code ObjectMapper} took 380 to 1,070 ms in a fresh JVM on the
     * loaded 2-core machine, on every task's start.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String moduleName;
    private final HttpAllowList allowList;
    private final LogThrottle refusals = new LogThrottle(REFUSAL_LOG_INTERVAL_NANOS);
    // One client per instance, not a static one: a static client's selector thread would keep
    // the job's class loader alive on a session cluster; this one goes with its instance.
    private HttpClient client;
    private WasmFunction allocator;
    private LongSupplier callBudgetNanos = () -> Long.MAX_VALUE;

    YomoHttpSender(String moduleName, HttpAllowList allowList) {
        this.moduleName = moduleName;
        this.allowList = allowList;
    }

    /** What is left of the running guest call's timeout, in nanoseconds. */
    void setCallBudget(LongSupplier remainingNanos) {
        this.callBudgetNanos = remainingNanos;
    }

    /** The guest's {@code yomo_alloc}, or null when it does not export one. */
    void setAllocator(WasmFunction allocator) {
        this.allocator = allocator;
    }

    int send(GuestMemory memory, int reqPtr, int reqSize, int respPtrPtr, int respSizePtr) {
        if (!memory.contains(reqPtr, reqSize)) {
            return READ_ERROR;
        }
        JsonNode req;
        URI uri;
        try {
            req = Json.MAPPER.readTree(memory.read(reqPtr, reqSize));
            uri = URI.create(text(req, "URL", ""));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn(
                    "Wasm module '{}': yomo_http_send request is not valid JSON with a URL: {}",
                    moduleName,
                    LogSafe.quote(e.getMessage(), LogSafe.MESSAGE_CHARS));
            return READ_ERROR;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        boolean web = "http".equals(scheme) || "https".equals(scheme);
        if (!web || !allowList.allows(host, port)) {
            long skipped = refusals.admit();
            if (skipped >= 0) {
                LOG.warn(
                        "Wasm module '{}': yomo_http_send to {}:{} refused ({}): {}{}",
                        moduleName,
                        LogSafe.escape(host, LogSafe.NAME_CHARS),
                        port,
                        LogSafe.quote(String.valueOf(uri), LogSafe.MESSAGE_CHARS),
                        web
                                ? "not on wasm.http.allowed-endpoints " + allowList
                                : "only http and https URLs are allowed",
                        skipped > 0 ? " (" + skipped + " more refused since the last line)" : "");
            }
            return HTTP_ERROR;
        }
        if (allocator == null) {
            LOG.warn("Wasm module '{}' calls yomo_http_send but exports no yomo_alloc", moduleName);
            return WRITE_ERROR;
        }
        byte[] response;
        try {
            response = Json.MAPPER.writeValueAsBytes(execute(req, uri));
        } catch (IOException | IllegalArgumentException | TimeoutException e) {
            LOG.warn(
                    "Wasm module '{}': yomo_http_send to {} failed: {}",
                    moduleName,
                    LogSafe.quote(String.valueOf(uri), LogSafe.MESSAGE_CHARS),
                    LogSafe.quote(
                            e instanceof TimeoutException ? e.getMessage() : e.toString(),
                            LogSafe.MESSAGE_CHARS));
            return HTTP_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread()
                    .interrupt(); // the call timeout or a cancellation: let the engine see it
            return HTTP_ERROR;
        }
        int ptr = (int) allocator.call(response.length)[0];
        if (ptr == 0
                || !memory.contains(ptr, response.length)
                || !memory.contains(respPtrPtr, 4)
                || !memory.contains(respSizePtr, 4)) {
            return WRITE_ERROR;
        }
        memory.write(ptr, response);
        memory.writeI32(respPtrPtr, ptr);
        memory.writeI32(respSizePtr, response.length);
        return OK;
    }

    private ObjectNode execute(JsonNode req, URI uri)
            throws IOException, InterruptedException, TimeoutException {
        long timeoutMs = field(req, "Timeout") == null ? 0 : field(req, "Timeout").asLong(0);
        Duration requested = timeoutMs > 0 ? Duration.ofMillis(timeoutMs) : DEFAULT_TIMEOUT;
        long budget = callBudgetNanos.getAsLong();
        if (budget <= 0) {
            throw new TimeoutException("no time left of the guest call's timeout");
        }
        boolean clamped = budget < requested.toNanos();
        Duration timeout = clamped ? Duration.ofNanos(budget) : requested;
        JsonNode body = field(req, "Body");
        byte[] bodyBytes =
                body == null || body.isNull()
                        ? new byte[0]
                        : Base64.getDecoder().decode(body.asText());
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .method(
                                text(req, "Method", "GET").toUpperCase(Locale.ROOT),
                                bodyBytes.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(bodyBytes));
        JsonNode headers = field(req, "Header");
        if (headers != null && headers.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                builder.header(h.getKey(), h.getValue().asText());
            }
        }
        // The request timeout ends at the response headers; the wait below also bounds the body.
        AtomicReference<CappedBodySubscriber> reading = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> pending =
                client().sendAsync(
                                builder.build(),
                                CappedBodySubscriber.handler(MAX_RESPONSE_BYTES, reading::set));
        HttpResponse<byte[]> resp;
        try {
            resp = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            abort(pending, reading.get());
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            throw new TimeoutException(
                    "no complete response within "
                            + timeout.toMillis()
                            + " ms ("
                            + (clamped
                                    ? "what was left of the guest call's timeout"
                                    : "the request's Timeout")
                            + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(String.valueOf(cause), cause);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("Status", resp.statusCode() + "");
        out.put("StatusCode", resp.statusCode());
        ObjectNode outHeaders = out.putObject("Header");
        resp.headers().map().forEach((k, v) -> outHeaders.put(k, String.join(",", v)));
        out.put("Body", Base64.getEncoder().encodeToString(resp.body()));
        return out;
    }

    private static void abort(
            CompletableFuture<HttpResponse<byte[]>> pending, CappedBodySubscriber reading) {
        pending.cancel(true); // before the headers: the JDK client (16+) aborts the exchange
        if (reading != null) {
            reading.cancel(); // while reading the body: closes the connection
        }
    }

    /**
     * The JDK client's threads (its selector thread, and its default executor's workers, which idle
     * 60 s before ending) inherit the context class loader and inheritable thread locals of the
     * thread that makes them: from a task thread, that kept the job's user-code class loader past
     * the job's end (WasmJobResubmissionITCase). So the client is built with no context class
     * loader and runs its work on daemon threads without one, which end 1 s after their last
     * request.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            String name = "flink-wasm-http-" + moduleName;
            ThreadFactory threads =
                    r -> {
                        Thread t = new Thread(null, r, name, 0, false);
                        t.setDaemon(true);
                        t.setContextClassLoader(null);
                        return t;
                    };
            Thread current = Thread.currentThread();
            ClassLoader saved = current.getContextClassLoader();
            current.setContextClassLoader(null);
            try {
                client =
                        HttpClient.newBuilder()
                                .connectTimeout(DEFAULT_TIMEOUT)
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .executor(
                                        new ThreadPoolExecutor(
                                                0,
                                                Integer.MAX_VALUE,
                                                1,
                                                TimeUnit.SECONDS,
                                                new SynchronousQueue<>(),
                                                threads))
                                .build();
            } finally {
                current.setContextClassLoader(saved);
            }
        }
        return client;
    }

    /** Go's encoding/json matches field names case-insensitively; so do we. */
    private static JsonNode field(JsonNode node, String name) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return node.get(f);
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name, String dflt) {
        JsonNode f = field(node, name);
        return f == null || f.isNull() ? dflt : f.asText();
    }
}

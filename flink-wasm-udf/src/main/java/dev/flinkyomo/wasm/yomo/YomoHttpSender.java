package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkyomo.wasm.runtime.GuestMemory;
import dev.flinkyomo.wasm.runtime.WasmFunction;
import dev.flinkyomo.yomo.LogSafe;
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
import java.util.Set;

/**
 * {@code yomo_http_send}: refused (return code 2) unless the URL's host is on the allow-list.
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String moduleName;
    private final Set<String> allowedHosts;
    private HttpClient client;
    private WasmFunction allocator;

    YomoHttpSender(String moduleName, Set<String> allowedHosts) {
        this.moduleName = moduleName;
        this.allowedHosts = allowedHosts;
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
            req = JSON.readTree(memory.read(reqPtr, reqSize));
            uri = URI.create(text(req, "URL", ""));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn(
                    "Wasm module '{}': yomo_http_send request is not valid JSON with a URL: {}",
                    moduleName,
                    LogSafe.quote(e.getMessage(), LogSafe.MESSAGE_CHARS));
            return READ_ERROR;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.contains(host)
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            LOG.warn(
                    "Wasm module '{}': yomo_http_send to {} refused; allowed hosts: {}",
                    moduleName,
                    LogSafe.quote(String.valueOf(uri), LogSafe.MESSAGE_CHARS),
                    allowedHosts);
            return HTTP_ERROR;
        }
        if (allocator == null) {
            LOG.warn("Wasm module '{}' calls yomo_http_send but exports no yomo_alloc", moduleName);
            return WRITE_ERROR;
        }
        byte[] response;
        try {
            response = JSON.writeValueAsBytes(execute(req, uri));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn(
                    "Wasm module '{}': yomo_http_send to {} failed: {}",
                    moduleName,
                    LogSafe.quote(String.valueOf(uri), LogSafe.MESSAGE_CHARS),
                    LogSafe.quote(e.toString(), LogSafe.MESSAGE_CHARS));
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

    private ObjectNode execute(JsonNode req, URI uri) throws IOException, InterruptedException {
        long timeoutMs = field(req, "Timeout") == null ? 0 : field(req, "Timeout").asLong(0);
        Duration timeout = timeoutMs > 0 ? Duration.ofMillis(timeoutMs) : DEFAULT_TIMEOUT;
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
        HttpResponse<byte[]> resp =
                client().send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.body().length > MAX_RESPONSE_BYTES) {
            throw new IOException(
                    "response body has "
                            + resp.body().length
                            + " bytes, limit "
                            + MAX_RESPONSE_BYTES);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("Status", resp.statusCode() + "");
        out.put("StatusCode", resp.statusCode());
        ObjectNode outHeaders = out.putObject("Header");
        resp.headers().map().forEach((k, v) -> outHeaders.put(k, String.join(",", v)));
        out.put("Body", Base64.getEncoder().encodeToString(resp.body()));
        return out;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client =
                    HttpClient.newBuilder()
                            .connectTimeout(DEFAULT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
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

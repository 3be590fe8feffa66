package dev.flinkyomo.wasm.yomo;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A local HTTP server answering {@code GET /ping} with 200 "pong", for the HTTP guest. */
public final class PongServer {

    private PongServer() {}

    /** Started on 127.0.0.1 and a free port; stop it with {@code stop(0)}. */
    public static HttpServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/ping",
                exchange -> {
                    byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        return server;
    }
}

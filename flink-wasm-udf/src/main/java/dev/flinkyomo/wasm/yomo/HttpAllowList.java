package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.Internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where {@code yomo_http_send} may go: {@code host:port} entries ({@code
 * wasm.http.allowed-endpoints}, e.g. {@code api.example.com:443}, {@code [::1]:8080}), and
 * host-only entries from the deprecated {@code wasm.http.allowed-hosts}, which allow every port of
 * the host as they always did. Hosts are compared as written in the URL, lower-cased; a URL without
 * a port has its scheme's (80 or 443). Empty: everything is refused.
 */
@Internal
public final class HttpAllowList {

    private static final int ANY_PORT = -1;

    private final Set<String> endpoints = new TreeSet<>(); // "host:port" or "host:*"

    private HttpAllowList() {}

    /** Entries in either form; see the class comment. */
    public static HttpAllowList of(Collection<String> entries) {
        HttpAllowList list = new HttpAllowList();
        for (String entry : entries) {
            String host = hostOf(entry);
            int port = portOf(entry);
            list.endpoints.add(key(host, port));
        }
        return list;
    }

    /**
     * Checks that every entry of {@code option} names a port.
     *
     * @throws IllegalArgumentException naming the option and the entry
     */
    public static void requirePorts(String option, Collection<String> entries) {
        for (String entry : entries) {
            if (portOf(entry) == ANY_PORT) {
                throw new IllegalArgumentException(
                        option
                                + ": '"
                                + entry
                                + "' is not host:port (e.g. api.example.com:443 or [::1]:8080)");
            }
        }
    }

    public boolean allows(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return endpoints.contains(key(h, port)) || endpoints.contains(key(h, ANY_PORT));
    }

    public boolean isEmpty() {
        return endpoints.isEmpty();
    }

    private static String key(String host, int port) {
        return host + ":" + (port == ANY_PORT ? "*" : Integer.toString(port));
    }

    private static String hostOf(String entry) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (portOf(entry) != ANY_PORT) {
            e = e.substring(0, e.lastIndexOf(':'));
        }
        if (e.isEmpty()) {
            throw new IllegalArgumentException(
                    "empty host in HTTP allow-list entry '" + entry + "'");
        }
        // URI.getHost() keeps IPv6 literals in brackets; so must the entries.
        return e.indexOf(':') >= 0 && !e.startsWith("[") ? "[" + e + "]" : e;
    }

    /**
     * The entry's port, or ANY_PORT for a bare host (an IPv6 literal needs brackets and a port).
     */
    private static int portOf(String entry) {
        String e = entry.trim();
        int colon = e.lastIndexOf(':');
        if (colon < 0 || (e.indexOf(':') != colon && !e.startsWith("["))) {
            return ANY_PORT; // bare host, or a bare IPv6 literal
        }
        if (e.startsWith("[") && e.endsWith("]")) {
            return ANY_PORT;
        }
        String port = e.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(
                "HTTP allow-list entry '" + entry + "' has port '" + port + "', not 1..65535");
    }

    @Override
    public String toString() {
        return endpoints.toString();
    }
}

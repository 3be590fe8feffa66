package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Where a reader runs, so a listener can say where devices reach it: the TaskManager's host and its
 * resource id.
 *
 * <p>The host is {@link SourceReaderContext#getLocalHostName()}, which Flink fills with the
 * TaskManager's external address ({@code TaskManagerRuntimeInfo#getTaskManagerExternalAddress}):
 * {@code taskmanager.host} when set (Flink's native Kubernetes integration sets the pod IP), else
 * the address of the interface through which the TaskManager reached the JobManager (its IP, or its
 * name with {@code taskmanager.network.bind-policy: name}). It is the address Flink itself
 * advertises for the TaskManager, so other machines of the cluster can reach it, unlike {@code
 * InetAddress.getLocalHost()} (often 127.0.1.1, or a container name nobody else resolves), which is
 * only the last fallback. The id is the metric scope variable {@code <tm_id>}, the resource id that
 * REST reports as a subtask's {@code taskmanager-id}; null when the group has none (tests).
 */
@Internal
public record TaskManagerAddress(String host, String taskManagerId) {

    static final String HOST_VARIABLE = "<host>";
    static final String TM_ID_VARIABLE = "<tm_id>";

    /** Read once per reader: the metric group's variables are computed on first use. */
    public static TaskManagerAddress of(SourceReaderContext context) {
        return of(context.getLocalHostName(), context.metricGroup().getAllVariables());
    }

    /**
     * From Flink's local host name, else the metric variable {@code <host>}, else this machine's
     * address.
     */
    static TaskManagerAddress of(String localHostName, Map<String, String> variables) {
        String host = localHostName;
        if (isBlank(host)) {
            host = variables.get(HOST_VARIABLE);
        }
        if (isBlank(host)) {
            host = localAddress();
        }
        String id = variables.get(TM_ID_VARIABLE);
        return new TaskManagerAddress(host, isBlank(id) ? null : id);
    }

    /**
     * Where devices dial a listener bound to {@code bound}: {@code host:port} of this TaskManager
     * when it is bound to the wildcard address, else the address it is bound to (a listener on
     * 127.0.0.1 is only reachable there).
     */
    public String reachableAs(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        String where =
                address == null || address.isAnyLocalAddress() ? host : address.getHostAddress();
        return hostPort(where, bound.getPort());
    }

    /**
     * The log's description of a listener configured to bind {@code bindHost} and bound to {@code
     * bound}: {@code 0.0.0.0:9001 (reachable as tm-host:9001, TaskManager <id>)}. A wildcard bind
     * is shown as configured ({@code 0.0.0.0}, not the dual-stack {@code ::} the socket reports).
     */
    public String describe(String bindHost, InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        String local;
        if (address == null) {
            local = bound.getHostString();
        } else if (address.isAnyLocalAddress() && !isBlank(bindHost)) {
            local = bindHost;
        } else {
            local = address.getHostAddress();
        }
        return hostPort(local, bound.getPort())
                + " (reachable as "
                + reachableAs(bound)
                + (taskManagerId == null ? "" : ", TaskManager " + taskManagerId)
                + ")";
    }

    /** {@code host:port}, with an IPv6 literal in brackets. */
    static String hostPort(String host, int port) {
        boolean ipv6Literal = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6Literal ? "[" + host + "]" : host) + ":" + port;
    }

    private static String localAddress() {
        try {
            // an IP: the machine's name may not resolve elsewhere
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

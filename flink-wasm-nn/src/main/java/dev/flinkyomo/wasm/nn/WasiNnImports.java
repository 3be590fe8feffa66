package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.wasm.host.HostFunction;
import dev.flinkyomo.wasm.host.HostImports;
import dev.flinkyomo.wasm.host.HostMemory;
import dev.flinkyomo.wasm.host.HostValueType;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;

/**
 * The {@code wasi_ephemeral_nn} imports, lowered as wasmtime's {@code wasi-nn.witx} and WasmEdge's
 * plugin define them: every parameter an {@code i32}, the result an {@code i32} {@code nn_errno},
 * and a function's value written through its last parameter, a pointer, on success only.
 *
 * <pre>
 *   load(builders_ptr, builders_len, encoding, target, graph_ptr)      builders: (ptr u32, len u32)[]
 *   load_by_name(name_ptr, name_len, graph_ptr)                        WasmEdge's; name UTF-8
 *   init_execution_context(graph, context_ptr)
 *   set_input(context, index, tensor_ptr)                              tensor: see GuestTensorReader
 *   compute(context)
 *   get_output(context, index, out_ptr, out_max, bytes_written_ptr)
 * </pre>
 *
 * Every failure is an error code: a pointer outside the memory is {@code invalid_argument}, never a
 * trap, so a guest always gets to decide what to do. The reason goes to the task log (rate
 * limited), naming the module, function and offsets.
 */
final class WasiNnImports implements HostImports {

    static final String MODULE = "wasi_ephemeral_nn";

    private static final Logger LOG = LoggerFactory.getLogger(WasiNnImports.class);
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final HostValueType I32 = HostValueType.I32;

    private final WasiNnHost host;
    private final LogThrottle logThrottle = new LogThrottle(LOG_INTERVAL_NANOS);
    private final List<HostFunction> functions;

    WasiNnImports(WasiNnHost host) {
        this.host = host;
        this.functions =
                List.of(
                        fn(
                                "load",
                                5,
                                (m, a) ->
                                        returning(
                                                "load",
                                                m,
                                                a[4],
                                                () ->
                                                        host.load(
                                                                m,
                                                                (int) a[0],
                                                                (int) a[1],
                                                                (int) a[2],
                                                                (int) a[3]))),
                        fn(
                                "load_by_name",
                                3,
                                (m, a) ->
                                        returning(
                                                "load_by_name",
                                                m,
                                                a[2],
                                                () -> host.loadByName(m, (int) a[0], (int) a[1]))),
                        fn(
                                "init_execution_context",
                                2,
                                (m, a) ->
                                        returning(
                                                "init_execution_context",
                                                m,
                                                a[1],
                                                () -> host.initExecutionContext((int) a[0]))),
                        fn(
                                "set_input",
                                3,
                                (m, a) ->
                                        status(
                                                "set_input",
                                                () ->
                                                        host.setInput(
                                                                m,
                                                                (int) a[0],
                                                                (int) a[1],
                                                                (int) a[2]))),
                        fn(
                                "compute",
                                1,
                                (m, a) -> status("compute", () -> host.compute((int) a[0]))),
                        fn("get_output", 5, this::getOutput));
    }

    @Override
    public List<HostFunction> functions() {
        return functions;
    }

    @Override
    public void close() {
        host.close();
    }

    private long[] getOutput(HostMemory m, long[] a) {
        int written = (int) a[4];
        if (!m.contains(written, 4)) {
            return fail(
                    "get_output",
                    GuestTensorReader.outside(m, "get_output: bytes_written", written, 4));
        }
        try {
            int size = host.getOutput(m, (int) a[0], (int) a[1], (int) a[2], (int) a[3]);
            m.writeI32(written, size);
            return ok();
        } catch (WasiNnHost.TooSmall e) {
            // Beyond wasmtime, which leaves it untouched: the size needed, so a guest can retry.
            m.writeI32(written, e.needed);
            return fail("get_output", e);
        } catch (NnException e) {
            return fail("get_output", e);
        }
    }

    /** A call whose value (a handle) goes to {@code resultPtr} on success. */
    private long[] returning(String function, HostMemory m, long resultPtr, Handle call) {
        int ptr = (int) resultPtr;
        if (!m.contains(ptr, 4)) {
            return fail(
                    function,
                    GuestTensorReader.outside(m, function + ": the result pointer", ptr, 4));
        }
        try {
            m.writeI32(ptr, call.get());
            return ok();
        } catch (NnException e) {
            return fail(function, e);
        }
    }

    private long[] status(String function, Runnable call) {
        try {
            call.run();
            return ok();
        } catch (NnException e) {
            return fail(function, e);
        }
    }

    private static long[] ok() {
        return new long[] {NnErrno.SUCCESS.code()};
    }

    private long[] fail(String function, NnException e) {
        long unlogged = logThrottle.admit();
        if (unlogged >= 0) {
            LOG.warn(
                    "WASI-NN: {} of Wasm module {} returned {} ({}) to the guest ({} more such"
                            + " errors since the last line): {}",
                    function,
                    host.module(),
                    e.errno().witxName(),
                    e.errno().code(),
                    unlogged,
                    LogSafe.quote(e.getMessage(), LogSafe.MESSAGE_CHARS));
        }
        return new long[] {e.errno().code()};
    }

    private static HostFunction fn(String name, int params, HostFunction.Body body) {
        return new HostFunction(MODULE, name, Collections.nCopies(params, I32), List.of(I32), body);
    }

    @FunctionalInterface
    private interface Handle {
        int get();
    }
}

package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.wasm.runtime.GuestMemory;
import dev.flinkyomo.wasm.runtime.HostImport;
import dev.flinkyomo.wasm.runtime.WasmSignature;
import dev.flinkyomo.wasm.runtime.WasmValueType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code env} imports of YoMo's Wasm host (ABI v1 to v3), with the semantics of yomo v1.20's
 * wazero host except for its {@code yomo_write_with_target} bug: here the data comes from the data
 * buffer and the target from the target buffer.
 *
 * <p>Return codes follow upstream: {@code yomo_write*} return 0 ok, 1 memory out of range, 2 write
 * error (here: per-call output budget exhausted). Bad pointers in functions without a return code
 * trap the guest with a message naming the function.
 */
@Internal
public final class YomoHostFunctions {

    static final String ENV = "env";

    private static final long[] NONE = new long[0];
    private static final WasmValueType I32 = WasmValueType.I32;

    private YomoHostFunctions() {}

    /**
     * Host imports for calling plain exports of a module that also links YoMo's {@code env}
     * functions (e.g. a stream function with extra SQL exports): no frame, writes succeed and are
     * discarded (nothing would ever read them), HTTP refused.
     */
    public static List<HostImport> standalone(String moduleName) {
        return create(
                YomoHostState.discardingWrites(),
                new YomoHttpSender(moduleName, HttpAllowList.of(List.of())));
    }

    static List<HostImport> create(YomoHostState state, YomoHttpSender http) {
        List<HostImport> out = new ArrayList<>();
        out.add(
                fn(
                        "yomo_observe_datatag",
                        sig(List.of(I32)),
                        (m, a) -> {
                            state.observe(u32(a[0]));
                            return NONE;
                        }));
        // Each hot function is its own lambda writing its own reused result array, so the engine's
        // call into it is the only virtual dispatch (a shared wrapper would add a megamorphic one).
        Result tag = new Result();
        out.add(fn("yomo_context_tag", sig(List.of(), I32), (m, a) -> tag.of(state.inputTag())));
        Result size = new Result();
        out.add(
                fn(
                        "yomo_context_data_size",
                        sig(List.of(), I32),
                        (m, a) -> size.of(state.input().length)));
        Result data = new Result();
        out.add(
                fn(
                        "yomo_context_data",
                        sig(List.of(I32, I32), I32),
                        (m, a) -> {
                            byte[] input = state.input();
                            long cap = u32(a[1]);
                            if (input.length > cap) {
                                return data.of(
                                        input.length); // too small: tell the guest the size it
                                // needs
                            }
                            if (input.length > 0) {
                                checkRange(m, (int) a[0], input.length, "yomo_context_data");
                                m.write((int) a[0], input);
                            }
                            return data.of(input.length);
                        }));
        Result write = new Result();
        out.add(
                fn(
                        "yomo_write",
                        sig(List.of(I32, I32, I32), I32),
                        (m, a) -> {
                            if (!m.contains((int) a[1], (int) a[2])) {
                                return write.of(1);
                            }
                            return write.of(
                                    state.write(u32(a[0]), m.read((int) a[1], (int) a[2]), null)
                                            ? 0
                                            : 2);
                        }));
        Result writeTo = new Result();
        out.add(
                fn(
                        "yomo_write_with_target",
                        sig(List.of(I32, I32, I32, I32, I32), I32),
                        (m, a) -> {
                            if (!m.contains((int) a[1], (int) a[2])
                                    || !m.contains((int) a[3], (int) a[4])) {
                                return writeTo.of(1);
                            }
                            byte[] bytes = m.read((int) a[1], (int) a[2]);
                            String target =
                                    new String(
                                            m.read((int) a[3], (int) a[4]), StandardCharsets.UTF_8);
                            return writeTo.of(state.write(u32(a[0]), bytes, target) ? 0 : 2);
                        }));
        out.add(
                fn(
                        "yomo_get_wanted_target",
                        sig(List.of(I32, I32)),
                        (m, a) -> {
                            checkRange(m, (int) a[0], (int) a[1], "yomo_get_wanted_target");
                            state.setWantedTarget(
                                    new String(
                                            m.read((int) a[0], (int) a[1]),
                                            StandardCharsets.UTF_8));
                            return NONE;
                        }));
        out.add(
                fn(
                        "yomo_load_input",
                        sig(List.of(I32)),
                        (m, a) -> {
                            byte[] input = state.input();
                            checkRange(m, (int) a[0], input.length, "yomo_load_input");
                            m.write((int) a[0], input);
                            return NONE;
                        }));
        out.add(
                fn(
                        "yomo_dump_output",
                        sig(List.of(I32, I32, I32)),
                        (m, a) -> {
                            checkRange(m, (int) a[1], (int) a[2], "yomo_dump_output");
                            state.replaceOutput(u32(a[0]), m.read((int) a[1], (int) a[2]));
                            return NONE;
                        }));
        Result send = new Result();
        out.add(
                fn(
                        "yomo_http_send",
                        sig(List.of(I32, I32, I32, I32), I32),
                        (m, a) ->
                                send.of(
                                        http.send(
                                                m,
                                                (int) a[0],
                                                (int) a[1],
                                                (int) a[2],
                                                (int) a[3]))));
        return out;
    }

    /**
     * One host function's single result, in an array reused across its calls (no allocation per
     * call).
     */
    private static final class Result {
        private final long[] value = new long[1];

        long[] of(long v) {
            value[0] = v;
            return value;
        }
    }

    private static HostImport fn(String name, WasmSignature sig, HostImport.Call call) {
        return new HostImport(ENV, name, sig, call);
    }

    private static WasmSignature sig(List<WasmValueType> params, WasmValueType... results) {
        return WasmSignature.of(params, results);
    }

    private static long u32(long raw) {
        return raw & 0xFFFF_FFFFL;
    }

    private static void checkRange(GuestMemory m, int ptr, int len, String function) {
        if (!m.contains(ptr, len)) {
            throw new IllegalArgumentException(
                    function
                            + ": buffer ["
                            + Integer.toUnsignedString(ptr)
                            + ", +"
                            + Integer.toUnsignedString(len)
                            + ") lies outside the guest's "
                            + m.size()
                            + " bytes of memory");
        }
    }
}

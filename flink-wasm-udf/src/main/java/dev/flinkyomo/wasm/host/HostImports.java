package dev.flinkyomo.wasm.host;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/** The host functions one provider made for one Wasm instance, and their per-instance state. */
@PublicEvolving
public interface HostImports extends AutoCloseable {

    List<HostFunction> functions();

    /** Called once, when the instance closes (also after a trap, before it is rebuilt). */
    @Override
    void close();
}

package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;
import java.util.Optional;

/** Finds the implementation of a stream function name. */
@PublicEvolving
public interface FunctionResolver {

    /**
     * The function of that name, or empty when this resolver has none.
     *
     * @throws FunctionResolutionException when it exists but cannot be used
     */
    Optional<ResolvedFunction> resolve(String name) throws FunctionResolutionException;

    /** Where this resolver looked for {@code name}, for "not found" messages. */
    String describeSearch(String name);

    /** Every name this resolver could resolve, sorted; used when a file lists no functions. */
    List<String> available();
}

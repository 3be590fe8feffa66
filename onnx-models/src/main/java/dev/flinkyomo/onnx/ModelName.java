package dev.flinkyomo.onnx;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.regex.Pattern;

/**
 * The one rule for model names. A name is what a Wasm guest passes to WASI-NN's {@code
 * load_by_name} and what {@code CREATE MODEL ... WITH ('model' = ...)} says; it is never a path, so
 * an untrusted guest cannot reach a file outside the model directory ({@code ../x}, {@code /etc},
 * {@code a/b} and names starting with a dot are all refused).
 */
@PublicEvolving
public final class ModelName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private ModelName() {}

    /** {@code name} if it is valid, else a {@link ModelException} of kind NOT_FOUND saying why. */
    public static String check(String name) {
        if (name == null || !VALID.matcher(name).matches() || name.contains("..")) {
            throw new ModelException(
                    ModelException.Kind.NOT_FOUND,
                    "model name '"
                            + printable(name)
                            + "' is not a model name: use 1-128 letters, digits, '_', '.' or '-',"
                            + " starting with a letter or digit, no '..'");
        }
        return name;
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}

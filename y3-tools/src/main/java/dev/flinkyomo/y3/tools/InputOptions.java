package dev.flinkyomo.y3.tools;

import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.tools.io.Hex;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where Y3 bytes come from: hex arguments, a file, or stdin (raw bytes or hex text). */
@Internal
public final class InputOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Parameters(
            paramLabel = "HEX",
            arity = "0..*",
            description =
                    "Y3 bytes as hex, with or without spaces ('85 0D 84 ...', '850D84'). "
                            + "'-' or nothing reads stdin.")
    private List<String> hex;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read the bytes from FILE (raw bytes unless --hex-input).")
    private Path file;

    @Option(
            names = "--hex-input",
            description = "stdin or FILE holds hex text instead of raw bytes.")
    private boolean hexInput;

    /** Reads the whole input. Hex errors are BadInputExceptions naming the character. */
    public byte[] read(InputStream stdin) throws IOException {
        boolean stdinMarker = hex != null && hex.size() == 1 && "-".equals(hex.get(0));
        boolean hexArgs = hex != null && !hex.isEmpty() && !stdinMarker;
        if (hexArgs && hex.contains("-")) {
            throw new ParameterException(
                    spec.commandLine(), "'-' (stdin) cannot be mixed with hex arguments");
        }
        if (file != null && (hexArgs || stdinMarker)) {
            throw new ParameterException(
                    spec.commandLine(), "give either --file or HEX/'-', not both");
        }
        if (hexArgs) {
            return Hex.parse(String.join(" ", hex));
        }
        byte[] bytes = file != null ? Files.readAllBytes(file) : stdin.readAllBytes();
        return hexInput ? Hex.parse(new String(bytes, StandardCharsets.UTF_8)) : bytes;
    }
}

package dev.flinkyomo.y3.tools;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkyomo.y3.Y3Writer;
import dev.flinkyomo.y3.tools.io.BadInputException;
import dev.flinkyomo.y3.tools.io.Hex;
import dev.flinkyomo.y3.tools.json.JsonToY3;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code y3 fromjson}: JSON objects (one per line) to Y3 records. */
@Command(
        name = "fromjson",
        mixinStandardHelpOptions = true,
        description = {
            "Convert JSON objects (one per line) to Y3 records.",
            "Nested objects become nodes, arrays become y3-codec-golang slices (items keyed 0x00), "
                    + "JSON nulls are left out."
        })
final class FromJsonCommand implements Callable<Integer> {

    /** hex: one line of spaced hex per record; raw: the packets back to back. */
    enum Output {
        HEX,
        RAW
    }

    @Spec private CommandSpec spec;

    @ParentCommand private Y3Tool parent;

    @Parameters(
            paramLabel = "JSON",
            arity = "0..*",
            description = "JSON objects. '-' or nothing reads stdin.")
    private List<String> json;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read the JSON from FILE.")
    private Path file;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "hex",
            description =
                    "hex (default: one line of hex per record) or raw (binary packets back to back).")
    private Output output;

    @Mixin private MappingOptions mapping;

    @Mixin private LimitOptions limits;

    @Override
    public Integer call() throws IOException {
        ToolStreams io = parent.streams();
        JsonToY3 encoder =
                new JsonToY3(
                        mapping.mapping(),
                        new Y3Writer(mapping.integerEncoding()),
                        limits.limits(),
                        mapping.recordPath());
        try (InputStream source = source(io.in());
                MappingIterator<JsonNode> records =
                        new ObjectMapper().readerFor(JsonNode.class).readValues(source)) {
            int n = 0;
            while (true) {
                JsonLocation at;
                JsonNode record;
                try {
                    if (!records.hasNextValue()) {
                        break;
                    }
                    at = records.getParser().currentTokenLocation();
                    record = records.nextValue();
                } catch (JsonProcessingException e) {
                    JsonLocation loc = e.getLocation();
                    throw new BadInputException(
                            String.format(
                                    "record %d: invalid JSON at line %d, column %d: %s",
                                    n + 1,
                                    loc == null ? -1 : loc.getLineNr(),
                                    loc == null ? -1 : loc.getColumnNr(),
                                    e.getOriginalMessage()));
                }
                n++;
                byte[] packet;
                try {
                    packet = encoder.encode(record);
                } catch (BadInputException e) {
                    throw new BadInputException(
                            "record " + n + " (line " + at.getLineNr() + "): " + e.getMessage(), e);
                }
                emit(io, packet);
            }
        }
        io.rawOut().flush();
        return Y3Tool.EXIT_OK;
    }

    private InputStream source(InputStream stdin) throws IOException {
        boolean stdinMarker = json != null && json.size() == 1 && "-".equals(json.get(0));
        boolean jsonArgs = json != null && !json.isEmpty() && !stdinMarker;
        if (file != null && (jsonArgs || stdinMarker)) {
            throw new ParameterException(
                    spec.commandLine(), "give either --file or JSON/'-', not both");
        }
        if (jsonArgs) {
            return new ByteArrayInputStream(
                    String.join("\n", json).getBytes(StandardCharsets.UTF_8));
        }
        return file != null ? Files.newInputStream(file) : stdin;
    }

    private void emit(ToolStreams io, byte[] packet) throws IOException {
        if (output == Output.HEX) {
            io.out().println(Hex.spaced(packet));
        } else {
            io.out().flush();
            io.rawOut().write(packet);
        }
    }
}

package dev.flinkyomo.y3.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.flinkyomo.y3.tools.json.Y3ToJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/** {@code y3 tojson}: Y3 records to JSON objects, one per line. */
@Command(
        name = "tojson",
        mixinStandardHelpOptions = true,
        description = {
            "Convert Y3 records to JSON, one object per line.",
            "Nodes become objects, slices (array-flag nodes) become arrays, primitives are read with "
                    + "the type given by --types."
        })
final class ToJsonCommand implements Callable<Integer> {

    @ParentCommand private Y3Tool parent;

    @Mixin private InputOptions input;

    @Mixin private MappingOptions mapping;

    @Mixin private LimitOptions limits;

    @Override
    public Integer call() throws Exception {
        ToolStreams io = parent.streams();
        Y3ToJson converter =
                new Y3ToJson(
                        mapping.mapping(),
                        mapping.integerEncoding(),
                        limits.limits(),
                        mapping.recordPath());
        byte[] bytes = input.read(io.in());
        ObjectWriter json = new ObjectMapper().writer();
        converter.convert(
                bytes,
                record -> {
                    try {
                        io.out().println(json.writeValueAsString(record));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                warning -> io.err().println("y3 tojson: warning: " + warning));
        return Y3Tool.EXIT_OK;
    }
}

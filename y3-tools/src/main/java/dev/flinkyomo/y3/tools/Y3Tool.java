package dev.flinkyomo.y3.tools;

import dev.flinkyomo.annotation.Internal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code y3} command: look inside Y3 bytes and convert them to and from JSON, for people
 * debugging edge data (like {@code avro-tools tojson} or {@code kcat}).
 */
@Command(
        name = "y3",
        mixinStandardHelpOptions = true,
        versionProvider = Y3Tool.Version.class,
        description = "Inspect Y3 (YoMo TLV) bytes and convert them to and from JSON.",
        subcommands = {
            DumpCommand.class,
            ToJsonCommand.class,
            FromJsonCommand.class,
            HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:I/O error (unreadable file, ...)",
            "2:malformed input (message names the byte offset) or bad usage"
        })
@Internal
public final class Y3Tool implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_IO = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Spec private CommandSpec spec;

    private final ToolStreams streams;

    Y3Tool(ToolStreams streams) {
        this.streams = streams;
    }

    ToolStreams streams() {
        return streams;
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "name a command: dump, tojson or fromjson");
    }

    /** The configured command line, writing to the given streams. */
    public static CommandLine commandLine(ToolStreams streams) {
        CommandLine cl = new CommandLine(new Y3Tool(streams));
        cl.setOut(streams.out());
        cl.setErr(streams.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl;
    }

    /** Runs the tool and returns its exit code. */
    public static int execute(ToolStreams streams, String... args) {
        int code = commandLine(streams).execute(args);
        streams.out().flush();
        streams.err().flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(execute(ToolStreams.system(), args));
    }

    /** The version from the jar manifest (set by the shade plugin). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Y3Tool.class.getPackage().getImplementationVersion();
            return new String[] {"y3 (flink-yomo) " + (v != null ? v : "development build")};
        }
    }
}

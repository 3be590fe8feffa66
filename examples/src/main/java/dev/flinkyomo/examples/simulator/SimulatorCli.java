package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.bridge.config.DurationParser;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Locale;

/** Options every simulator main shares, and running one until Ctrl-C. */
final class SimulatorCli {

    /** YoMo's sources read the zipper address from this variable ({@code localhost:9000} if unset). */
    static final String ZIPPER_ENV = "YOMO_ZIPPER_ENDPOINT";

    private SimulatorCli() {}

    /** Where to connect and as whom. */
    static final class Connection {
        @Option(names = "--zipper", paramLabel = "HOST:PORT", converter = EndpointConverter.class,
                defaultValue = "${env:" + ZIPPER_ENV + ":-localhost:9000}",
                description = "Zipper (or zipper-bridge) to send to; default $" + ZIPPER_ENV + " or ${DEFAULT-VALUE}")
        Endpoint zipper;

        @Option(names = "--credential", paramLabel = "NAME:PAYLOAD",
                description = "Credential for a zipper with auth, e.g. token:secret")
        String credential;

        @Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long to keep dialling a zipper that is not up yet (default ${DEFAULT-VALUE})")
        Duration connectTimeout;
    }

    /** How often and how long. */
    static final class Pacing {
        @Option(names = "--count", paramLabel = "N", description = "Stop after N frames (default: no limit)")
        Long count;

        @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
                description = "Stop after this long, e.g. 30s (default: no limit; Ctrl-C stops)")
        Duration duration;
    }

    static SimulatedSource.Builder apply(SimulatedSource.Builder b, Connection c, Pacing p, Duration interval) {
        b.endpoint(c.zipper.host(), c.zipper.port()).credential(c.credential).connectTimeout(c.connectTimeout)
                .interval(interval).duration(p.duration);
        if (p.count != null) {
            b.count(p.count);
        }
        return b;
    }

    /** Runs until done; Ctrl-C stops after the frame in flight and still reports the count. */
    static int run(SimulatedSource source, CommandLine.Model.CommandSpec spec) throws Exception {
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            source.stop();
            try {
                main.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, source.name() + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long sent = source.run();
            spec.commandLine().getOut().println(source.name() + ": sent " + sent + " frames");
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook has stopped us
            }
        }
    }

    static int execute(Object command, String[] args) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    record Endpoint(String host, int port) {}

    static final class EndpointConverter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("expected HOST:PORT, e.g. localhost:9000, got '" + value + "'");
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("port of '" + value + "' is not a number");
            }
            if (port < 1 || port > 65_535) {
                throw new TypeConversionException("port of '" + value + "' must be 1..65535");
            }
            return new Endpoint(value.substring(0, colon), port);
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return DurationParser.parse(value).filter(d -> !d.isZero()).orElseThrow(() -> new TypeConversionException(
                    "expected a positive duration such as 100ms, 30s or 2min, got '" + value + "'"));
        }
    }

    /** Tags as YoMo writes them: {@code 0x33} or decimal {@code 51}. */
    static final class TagConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                long tag = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
                if (tag < 0 || tag > 0xFFFF_FFFFL) {
                    throw new TypeConversionException("tag '" + value + "' is not a uint32");
                }
                return tag;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a tag such as 0x33 or 51, got '" + value + "'");
            }
        }
    }
}

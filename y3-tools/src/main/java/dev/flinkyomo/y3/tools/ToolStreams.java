package dev.flinkyomo.y3.tools;

import dev.flinkyomo.annotation.Internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The tool's standard streams. Text goes through {@link #out()}; raw Y3 bytes go to {@link
 * #rawOut()} (the same destination), so tests can capture both without touching System.out.
 */
@Internal
public final class ToolStreams {

    private final InputStream in;
    private final OutputStream rawOut;
    private final PrintWriter out;
    private final PrintWriter err;

    public ToolStreams(InputStream in, OutputStream rawOut, OutputStream err) {
        this.in = in;
        this.rawOut = rawOut;
        this.out = new PrintWriter(new OutputStreamWriter(rawOut, StandardCharsets.UTF_8), true);
        this.err = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    }

    public static ToolStreams system() {
        PrintStream stdout = System.out;
        return new ToolStreams(System.in, stdout, System.err);
    }

    public InputStream in() {
        return in;
    }

    /** Binary output; flush {@link #out()} before writing here. */
    public OutputStream rawOut() {
        return rawOut;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }
}

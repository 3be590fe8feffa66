package dev.flinkyomo.y3.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Runs the tool in-process with captured streams. */
record ToolRun(int code, byte[] stdout, String err) {

    static ToolRun run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Y3Tool.execute(new ToolStreams(new ByteArrayInputStream(stdin), out, err), args);
        return new ToolRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    static ToolRun run(String... args) {
        return run(new byte[0], args);
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}

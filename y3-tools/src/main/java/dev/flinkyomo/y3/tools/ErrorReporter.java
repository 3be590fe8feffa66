package dev.flinkyomo.y3.tools;

import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.tools.io.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;

/**
 * Turns failures into one line on stderr and an exit code, never a stack trace: malformed input
 * (Y3Exception with its byte offset, or BadInputException) exits 2, I/O problems exit 1.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        cl.getOut().flush(); // output decoded before the error comes first
        PrintWriter err = cl.getErr();
        String prefix = cl.getCommandSpec().qualifiedName() + ": ";
        int code;
        if (ex instanceof Y3Exception) {
            err.println(prefix + "malformed input: " + ex.getMessage());
            code = Y3Tool.EXIT_BAD_INPUT;
        } else if (ex instanceof BadInputException) {
            err.println(prefix + "bad input: " + ex.getMessage());
            code = Y3Tool.EXIT_BAD_INPUT;
        } else if (ex instanceof NoSuchFileException) {
            err.println(prefix + "no such file: " + ex.getMessage());
            code = Y3Tool.EXIT_IO;
        } else if (ex instanceof IOException) {
            err.println(prefix + "I/O error: " + ex);
            code = Y3Tool.EXIT_IO;
        } else {
            err.println(prefix + "internal error: " + ex);
            code = Y3Tool.EXIT_IO;
        }
        err.flush();
        return code;
    }
}

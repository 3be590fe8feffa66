package dev.flinkyomo.onnx;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ONNX Runtime 1.29.0's JNI crashed the JVM (SIGSEGV) when {@code java.class.path} was longer than
 * about 4-6 KB, which is what {@code java -cp <every jar>} gives the examples; surefire passes its
 * class path in a manifest, so no in-process test could see it. This runs the model in a child JVM
 * whose class path is long on purpose.
 */
class LongClassPathTest {

    /** Loads the test model and classifies one red frame; prints the label index. */
    public static void main(String[] args) throws Exception {
        try (LoadedModel m =
                SharedModels.get()
                        .acquire("discs", SharedModelsTest.model(), SessionSettings.DEFAULT)) {
            Tensor[] out =
                    m.run(new Tensor[] {SharedModelsTest.discs(1, 0)}, SharedModelsTest.TIMEOUT);
            System.out.println("label " + SharedModelsTest.argmax(out[0], 0));
        }
    }

    @Test
    void theModelRunsInAJvmWithALongClassPath() throws Exception {
        List<String> cp = new ArrayList<>();
        for (String e : classPathOfThisJvm()) {
            cp.add(e);
        }
        for (int i = 0; i < 200; i++) {
            cp.add("/nonexistent/padding-entry-to-make-the-class-path-long-" + i + ".jar");
        }
        String classPath = String.join(File.pathSeparator, cp);
        assertThat(classPath.length()).isGreaterThan(12_000);
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                classPath,
                                LongClassPathTest.class.getName())
                        .redirectErrorStream(true)
                        .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("label 0");
    }

    /** Surefire's own class path (from its manifest jar) or this JVM's. */
    private static List<String> classPathOfThisJvm() {
        String surefire = System.getProperty("surefire.test.class.path");
        String cp =
                surefire != null ? surefire : ManagementFactory.getRuntimeMXBean().getClassPath();
        return List.of(cp.split(File.pathSeparator));
    }
}

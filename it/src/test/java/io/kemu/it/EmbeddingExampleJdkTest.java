package io.kemu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.orders.OrdersService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example as a program: its {@code main} in a fresh JVM, on the test classpath, on
 * Java 17 (the bytecode level) and on Java 25 (the newest LTS, where Akka 2.6's use of
 * {@code sun.misc.Unsafe} needs {@code --sun-misc-unsafe-memory-access=allow}). A JDK that is not
 * installed is reported as skipped, never as passed. The homes can be moved with
 * {@code -Dkemu.java17.home=...} and {@code -Dkemu.java25.home=...}.
 */
class EmbeddingExampleJdkTest {
    private static final String JAVA17 = System.getProperty("kemu.java17.home",
            Runtime.version().feature() == 17 ? System.getProperty("java.home") : "/usr/lib/jvm/java-17-openjdk-amd64");
    private static final String JAVA25 = System.getProperty("kemu.java25.home", "/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theExampleRunsOnJava17() throws Exception {
        runOn(JAVA17, 17, List.of());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theExampleRunsOnJava25WithUnsafeMemoryAccessAllowed() throws Exception {
        final String stderr = runOn(JAVA25, 25, List.of("--sun-misc-unsafe-memory-access=allow"));
        assertThat(stderr).as("no sun.misc.Unsafe warning once allowed").doesNotContain("sun.misc.Unsafe");
    }

    /** Runs the example's main on {@code javaHome}; returns its stderr. */
    private String runOn(String javaHome, int feature, List<String> flags) throws Exception {
        final Path java = Path.of(javaHome, "bin", "java");
        assumeTrue(Files.isExecutable(java), "no Java " + feature + " at " + javaHome + ": not run");
        final Path journal = dir.resolve("orders.journal");
        final List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
                OrdersService.class.getName(), journal.toString()));
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the example did not end within 90 s on " + java);
        }
        final String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit status on %s; stdout: %s; stderr: %s", java,
                Files.readString(out, StandardCharsets.UTF_8), stderr).isZero();
        assertThat(Files.size(journal)).as("the journal file written on Java %d", feature).isGreaterThan(300);
        final Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        final String banner = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        version.waitFor(30, TimeUnit.SECONDS);
        assertThat(banner).as("%s is Java %d", java, feature).containsPattern("version \"" + feature + "[.\"]");
        System.out.println("embedding example on " + banner.lines().findFirst().orElse(java.toString()) + ": exit 0, "
                + Files.size(journal) + " journal bytes");
        return stderr;
    }
}

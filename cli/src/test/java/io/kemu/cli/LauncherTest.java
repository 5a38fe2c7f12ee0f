package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./kemu} launcher, run as a user would, on a copy of it beside a stand-in jar (so it has
 * nothing to build): it runs {@code $JAVA_HOME/bin/java} when JAVA_HOME is set, and refuses a
 * JAVA_HOME without an executable java in one line with exit status 2.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    private Path launcher() throws IOException {
        final Path copy = tmp.resolve("kemu");
        Files.copy(Path.of(System.getProperty("user.dir")).resolve("../kemu").normalize(), copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(tmp.resolve("cli/target"));
        Files.writeString(tmp.resolve("cli/target/kemu.jar"), "a stand-in: the fake java never opens it");
        return copy;
    }

    private record Run(int status, String out, String err) {}

    private Run run(Map<String, String> env, String... args) throws Exception {
        final ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("bash");
        pb.command().add(launcher().toString());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().putAll(env);
        final Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunTheJavaOfJavaHomeWhenItIsSet() throws Exception {
        final Path fakeJdk = Files.createDirectories(tmp.resolve("jdk/bin"));
        final Path java = fakeJdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"fake java $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));

        final Run run = run(Map.of("JAVA_HOME", tmp.resolve("jdk").toString()), "--version");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("fake java -jar ").contains("cli/target/kemu.jar --version");
    }

    @Test
    void shouldRefuseAJavaHomeWithoutJavaInOneLine() throws Exception {
        final Run run = run(Map.of("JAVA_HOME", tmp.resolve("nonexistent").toString()), "--version");

        assertThat(run.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(run.err().split("\n")).hasSize(1);
        assertThat(run.err()).startsWith("kemu: JAVA_HOME is set but ").contains("is not an executable");
        assertThat(run.out()).isEmpty();
    }
}

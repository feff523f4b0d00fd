package org.jasyncio.testfixtures;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The outside programs the modules' tests talk to (python3, openssl), found the same way everywhere. A
 * missing one fails the test with a message that says what to install: the tests that need one are
 * never skipped in silence (CI installs them, .ci/run). Shared with http and redis through core's
 * test-jar (core/pom.xml).
 */
public final class TestPrograms {
    private TestPrograms() {}

    /**
     * The interpreter of the tests' Python peers: {@code $JASYNCIO_PYTHON} (.ci/run points it at a venv
     * with the pinned peers, aiohttp among them), else {@code python3} on the PATH.
     */
    public static String python() {
        String p = System.getenv("JASYNCIO_PYTHON");
        if (p != null && !p.isBlank()) {
            if (!Files.isExecutable(Path.of(p))) {
                throw new AssertionError("JASYNCIO_PYTHON=" + p + " is not an executable file: point it at a"
                        + " Python 3.11+ interpreter (.ci/run makes a venv with .ci/python-requirements.txt)");
            }
            return p;
        }
        return onPath("python3", "the tests' Python peers need python3 3.11 or later");
    }

    /** The {@code openssl} on the PATH, which makes the tests' throwaway certificates. */
    public static String openssl() {
        return onPath("openssl", "the TLS tests make their throwaway certificates with openssl");
    }

    /** {@code program} on the PATH; fails the test, saying {@code why} it is needed, if there is none. */
    public static String onPath(String program, String why) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(program + " is not on PATH (" + System.getenv("PATH") + "): " + why + "; install it");
    }

    /** The test resource {@code name} beside {@code owner} (in its package) as a file. */
    public static Path resource(Class<?> owner, String name) {
        try {
            return Path.of(owner.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("test resource " + name + " is missing beside " + owner.getName(), e);
        }
    }

    /**
     * Runs a short command in {@code dir} to its end (blocking: call it from a thread, not a task), within
     * 60 s; fails with its output unless it exits 0. Returns its output (stdout and stderr).
     */
    public static String run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within 60 s: " + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + p.exitValue() + ": " + out);
        }
        return out;
    }
}

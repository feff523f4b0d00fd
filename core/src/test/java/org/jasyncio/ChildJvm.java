package org.jasyncio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM started by a test to run {@code mainClass} on this JVM's class path and strand engine (for
 * what only a process shows: signals, exit status). The test reads its stdout line by line.
 */
final class ChildJvm {
    private ChildJvm() {}

    static Process start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of(), mainClass, args);
    }

    /** As {@link #start(Class, String...)}, with {@code jvmOptions} (e.g. {@code -Dname=value}) before the class. */
    static Process start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        String engine = System.getProperty("jasyncio.strand", "");
        if (!engine.equals("virtual")) {
            cmd.add("--add-exports");
            cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        }
        if (!engine.isEmpty()) {
            cmd.add("-Djasyncio.strand=" + engine);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }
}

package org.jasyncio.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jasyncio.Asyncio;

/**
 * The command line of a JVM that runs a single-file Java program with jasyncio (JEP 330's source
 * launcher, as {@code java File.java} does): this JVM's {@code java}, the export that enables the fast
 * strand engine, jasyncio's class path, then the file and its arguments.
 *
 * <p>Why a child JVM rather than compiling the file in this one: the source launcher's rules (which
 * class is the main class, compact source files, instance {@code main} methods) stay the JDK's, the
 * program's class path holds jasyncio only (not picocli or this CLI), and its {@code System.exit},
 * signals and JVM options are its own. The {@code ./jasyncio} script does the same for the plain
 * {@code run FILE} form without starting this JVM first; keep the two in step.
 *
 * @param javaExecutable the {@code java} to start
 * @param classPath jasyncio's class path for the program
 * @param jvmOptions extra JVM options, before the file
 * @param file the program's source file
 * @param args the program's arguments
 */
record JavaLauncher(Path javaExecutable, String classPath, List<String> jvmOptions, Path file, List<String> args) {
    /** The JVM flag that lets jasyncio use {@code jdk.internal.vm.Continuation} (DESIGN.md rule 3). */
    static final List<String> FAST_ENGINE_EXPORT = List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED");

    JavaLauncher {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(classPath, "classPath");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(file, "file");
        args = List.copyOf(args);
    }

    /** A launcher on this JVM's {@code java} and the class path jasyncio was loaded from. */
    static JavaLauncher forThisJvm(List<String> jvmOptions, Path file, List<String> args) {
        return new JavaLauncher(thisJava(), jasyncioClassPath(), jvmOptions, file, args);
    }

    /** The {@code java} executable of the running JVM (the script starts the CLI on a JDK 25). */
    static Path thisJava() {
        String exe = System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java";
        return Path.of(System.getProperty("java.home"), "bin", exe);
    }

    /**
     * The program's class path: {@code $JASYNCIO_RUN_CP} when the {@code jasyncio} script set it (core,
     * http and the http module's JSON library), else where jasyncio's core classes come from in this
     * JVM (a jar or a classes folder), so that it runs on exactly the jasyncio this CLI was built with.
     */
    static String jasyncioClassPath() {
        String fromScript = System.getenv("JASYNCIO_RUN_CP");
        if (fromScript != null && !fromScript.isEmpty()) {
            return fromScript;
        }
        try {
            return Path.of(Asyncio.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where jasyncio's classes were loaded from", e);
        }
    }

    /** The full command. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable.toString());
        cmd.addAll(FAST_ENGINE_EXPORT);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.addAll(jvmOptions);
        cmd.add(file.toString());
        cmd.addAll(args);
        return cmd;
    }

    /** {@link #command()} for a human (dry runs, errors). */
    String display() {
        return String.join(" ", command().stream().map(JavaLauncher::quote).toList());
    }

    private static String quote(String s) {
        return s.isEmpty() || s.chars().anyMatch(c -> " \t\"'$\\".indexOf(c) >= 0) ? "'" + s.replace("'", "'\\''") + "'" : s;
    }
}

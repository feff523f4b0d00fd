package org.jasyncio.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * <p><b>Start-up (issue 14).</b> Started by the {@code ./jasyncio} script, this JVM is told (system
 * properties {@code jasyncio.launcher.*}) where the launcher's caches are. Then a program is compiled
 * once into {@link ProgramCache} and run from its class files (its main class named, no source
 * launcher), and the JVM maps jasyncio's AOT cache ({@code -XX:AOTCache}, JEP 483/514/515: jasyncio's
 * classes loaded, linked and profiled by a training run at build time), which needs jasyncio on the
 * class path as jars, the training run's class path first. A JVM option that changes modules, the class
 * path or the AOT/CDS settings ({@link #AFFECTS_COMPILATION_OR_AOT}) turns both off for that run: the
 * source launcher and a plain start then do exactly what was asked.
 *
 * @param javaExecutable the {@code java} to start
 * @param classPath jasyncio's class path for the program
 * @param jvmOptions extra JVM options, before the file
 * @param file the program's source file
 * @param args the program's arguments
 * @param aotCache jasyncio's AOT cache to map when the program runs from its cached classes, or {@code null}
 * @param program the program's cached classes, or {@code null} to run the source file
 */
record JavaLauncher(
        Path javaExecutable,
        String classPath,
        List<String> jvmOptions,
        Path file,
        List<String> args,
        Path aotCache,
        ProgramCache.Compiled program) {
    /** The JVM flag that lets jasyncio use {@code jdk.internal.vm.Continuation} (docs/design.md rule 3). */
    static final List<String> FAST_ENGINE_EXPORT = List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED");
    /** Set by the script: the launcher's cache folder ({@code .jasyncio}). */
    static final String HOME_PROPERTY = "jasyncio.launcher.home";
    /** Set by the script: the jasyncio build's id (a hash of its core jar), part of a program's key. */
    static final String BUILD_ID_PROPERTY = "jasyncio.launcher.buildId";
    /** Set by the script: the program's class path (jasyncio's jars, the AOT training run's class path). */
    static final String CLASS_PATH_PROPERTY = "jasyncio.launcher.runClassPath";
    /** Set by the script when the AOT cache exists and was made by this JVM's {@code java}. */
    static final String AOT_CACHE_PROPERTY = "jasyncio.launcher.aotCache";
    /** Set (to anything) in the environment: no program cache, no AOT cache (the JDK's plain source launcher). */
    static final String NO_CACHE_ENV = "JASYNCIO_NO_CACHE";
    /**
     * Options (or prefixes of options) after which a cached compile or the AOT cache could differ from
     * what the option asks: module and class-path options, preview features, source levels, AOT and CDS.
     */
    static final Set<String> AFFECTS_COMPILATION_OR_AOT = Set.of(
            "--add-",
            "--limit-modules",
            "--module-path",
            "--upgrade-module-path",
            "--patch-module",
            "--enable-preview",
            "--source",
            "--release",
            "-cp",
            "-classpath",
            "--class-path",
            "-XX:AOT",
            "-XX:SharedArchiveFile",
            "-Xshare",
            "-XX:+AutoCreateSharedArchive",
            "-XX:-AutoCreateSharedArchive",
            "-p");

    /**
     * Options (or prefixes) with which the JVM cannot map the AOT cache, and says so in an error line before
     * it runs without it: a flight recording started at launch. The program cache still applies.
     */
    static final Set<String> RULES_OUT_AOT = Set.of("-XX:StartFlightRecording", "-XX:FlightRecorderOptions");

    JavaLauncher {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(classPath, "classPath");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(file, "file");
        args = List.copyOf(args);
    }

    /** A plain launcher: the source launcher, no cache. */
    JavaLauncher(Path javaExecutable, String classPath, List<String> jvmOptions, Path file, List<String> args) {
        this(javaExecutable, classPath, jvmOptions, file, args, null, null);
    }

    /**
     * A launcher on this JVM's {@code java} and jasyncio's class path: the one the script names, else
     * the one jasyncio was loaded from; with the AOT cache the script names, unless an option rules it out.
     */
    static JavaLauncher forThisJvm(List<String> jvmOptions, Path file, List<String> args) {
        String classPath = System.getProperty(CLASS_PATH_PROPERTY, jasyncioClassPath());
        String aot = System.getProperty(AOT_CACHE_PROPERTY);
        Path aotCache =
                aot != null && cachesAllowed(jvmOptions) && aotAllowed(jvmOptions) && Files.isRegularFile(Path.of(aot))
                        ? Path.of(aot)
                        : null;
        return new JavaLauncher(thisJava(), classPath, jvmOptions, file, args, aotCache, null);
    }

    /** Whether no option in {@code jvmOptions} keeps the JVM from mapping the AOT cache ({@link #RULES_OUT_AOT}). */
    static boolean aotAllowed(List<String> jvmOptions) {
        return jvmOptions.stream().noneMatch(o -> RULES_OUT_AOT.stream().anyMatch(o::startsWith));
    }

    /** Whether no option in {@code jvmOptions} rules out the program cache and the AOT cache, nor the environment. */
    static boolean cachesAllowed(List<String> jvmOptions) {
        if (System.getenv(NO_CACHE_ENV) != null) {
            return false;
        }
        for (String option : jvmOptions) {
            for (String ruled : AFFECTS_COMPILATION_OR_AOT) {
                if (ruled.equals("-p") ? option.equals("-p") : option.startsWith(ruled)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * This launcher running the program from its cached classes, compiling them first if needed; itself
     * when the script named no cache, an option rules the cache out, or the file does not compile alone.
     */
    JavaLauncher withCompiledProgram() throws IOException {
        String home = System.getProperty(HOME_PROPERTY);
        String buildId = System.getProperty(BUILD_ID_PROPERTY);
        if (home == null || buildId == null || !cachesAllowed(jvmOptions)) {
            return this;
        }
        ProgramCache cache = new ProgramCache(Path.of(home, "programs"), buildId, javaExecutable, classPath);
        return cache.lookupOrCompile(file)
                .map(compiled ->
                        new JavaLauncher(javaExecutable, classPath, jvmOptions, file, args, aotCache, compiled))
                .orElse(this);
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
            return Path.of(Asyncio.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where jasyncio's classes were loaded from", e);
        }
    }

    /** The full command. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable.toString());
        cmd.addAll(FAST_ENGINE_EXPORT);
        if (aotCache != null && program != null) {
            // Not with the source launcher: it adds jdk.compiler to the module graph, which the cache
            // was not made with, and the JVM says so in errors before it runs without the cache.
            cmd.add("-XX:AOTCache=" + aotCache);
        }
        cmd.add("-cp");
        cmd.add(program == null ? classPath : classPath + java.io.File.pathSeparator + program.classes());
        cmd.addAll(jvmOptions);
        cmd.add(program == null ? file.toString() : program.mainClass());
        cmd.addAll(args);
        return cmd;
    }

    /** {@link #command()} for a human (dry runs, errors). */
    String display() {
        return String.join(" ", command().stream().map(JavaLauncher::quote).toList());
    }

    private static String quote(String s) {
        return s.isEmpty() || s.chars().anyMatch(c -> " \t\"'$\\".indexOf(c) >= 0)
                ? "'" + s.replace("'", "'\\''") + "'"
                : s;
    }
}

package org.jasyncio.cli;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The compiled classes of single-file programs, kept in {@code .jasyncio/programs/KEY/} so that running
 * a program again starts its JVM on ready class files instead of having JEP 330's source launcher
 * compile it in every run (the larger part of a hello-world's start-up: javac, loaded and run in
 * interpreted mode, costs more than the program). {@code KEY} is a hash of the file's content and name,
 * the jasyncio build and the {@code java} that runs it, so an edit, a rebuild or another JDK compiles
 * afresh. The {@code ./jasyncio} script computes the same key over the same bytes and uses the same
 * layout ({@code classes/} and {@code main-class}), so the two share entries.
 *
 * <p>Only a file that compiles on its own is cached: javac gets no source path, so a program that
 * needs classes from other files beside it (JEP 458's multi-file programs) fails here and runs through
 * the source launcher, which finds them. The main class is the source launcher's: the first top-level
 * class declared in the file. javac writes a file's top-level classes in declaration order, each after
 * its own nested ones, so that is the first class written whose name has no {@code $}.
 *
 * <p>Why not {@code java -XX:+AutoCreateSharedArchive} alone, or a jar: the class files are what the
 * source launcher throws away; an AOT cache ({@link JavaLauncher}) speeds up loading jasyncio's classes
 * but cannot skip the compilation.
 */
final class ProgramCache {
    /** Bumped when the layout or the key's inputs change. */
    static final String FORMAT = "jasyncio-program v1";
    /** How many programs are kept; the least recently compiled go first. */
    static final int KEEP = 64;

    /**
     * A cached program.
     *
     * @param classes its class folder, to append to the class path
     * @param mainClass the binary name of its main class
     */
    record Compiled(Path classes, String mainClass) {}

    private final Path root;
    private final String buildId;
    private final Path javaExecutable;
    private final String classPath;

    /**
     * A cache under {@code root} ({@code .jasyncio/programs}) for programs compiled against
     * {@code classPath} (jasyncio's) for {@code javaExecutable}; {@code buildId} names the jasyncio build.
     */
    ProgramCache(Path root, String buildId, Path javaExecutable, String classPath) {
        this.root = Objects.requireNonNull(root, "root");
        this.buildId = Objects.requireNonNull(buildId, "buildId");
        this.javaExecutable = Objects.requireNonNull(javaExecutable, "javaExecutable");
        this.classPath = Objects.requireNonNull(classPath, "classPath");
    }

    /**
     * The key of {@code file}: the first 32 hex digits of the SHA-256 of
     * {@code FORMAT \n buildId \n java \n fileName \n} followed by the file's bytes.
     */
    static String key(String buildId, Path javaExecutable, Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String header = FORMAT + "\n" + buildId + "\n" + javaExecutable + "\n" + file.getFileName() + "\n";
            sha.update(header.getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(file));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
        }
    }

    /** The cached program for {@code file}, if it was compiled before with the same key. */
    Optional<Compiled> lookup(Path file) throws IOException {
        Path dir = root.resolve(key(buildId, javaExecutable, file));
        Path main = dir.resolve("main-class");
        if (!Files.isRegularFile(main)) {
            return Optional.empty();
        }
        return Optional.of(new Compiled(
                dir.resolve("classes"),
                Files.readString(main, StandardCharsets.UTF_8).strip()));
    }

    /**
     * The cached program for {@code file}, compiling it first if needed; empty if it does not compile on
     * its own (the caller then runs it through the source launcher, which reports the errors or finds
     * the other files it needs). Safe against another launcher compiling the same file at once: each
     * compiles into a folder of its own and the first to rename it into place wins.
     */
    Optional<Compiled> lookupOrCompile(Path file) throws IOException {
        Optional<Compiled> hit = lookup(file);
        if (hit.isPresent()) {
            return hit;
        }
        Files.createDirectories(root);
        String key = key(buildId, javaExecutable, file);
        Path tmp = Files.createTempDirectory(root, key + ".tmp");
        try {
            Path classes = tmp.resolve("classes");
            Files.createDirectories(classes);
            Optional<String> main = compile(file, classes);
            if (main.isEmpty()) {
                return Optional.empty();
            }
            Files.writeString(tmp.resolve("main-class"), main.get() + "\n", StandardCharsets.UTF_8);
            Path dir = root.resolve(key);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
                // Another launcher put the same program in place first: use that one.
            } catch (IOException e) {
                if (!Files.isRegularFile(dir.resolve("main-class"))) {
                    throw e;
                }
            }
            prune();
            return lookup(file);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Compiles {@code file} into {@code out} as the source launcher would (no annotation processing,
     * jasyncio's class path and the fast engine's export), with no source path; returns the first
     * top-level class written, or empty if javac failed.
     */
    Optional<String> compile(Path file, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return Optional.empty(); // a JRE without javac: the source launcher has none either
        }
        Path emptySourcePath = Files.createTempDirectory(root, "sourcepath");
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
            List<String> options = new ArrayList<>(List.of(
                    "-proc:none",
                    "-implicit:none",
                    "-Xlint:deprecation",
                    "-Xlint:unchecked",
                    "-Xlint:-options",
                    "-cp",
                    classPath,
                    "-sourcepath",
                    emptySourcePath.toString()));
            options.addAll(JavaLauncher.FAST_ENGINE_EXPORT);
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            JavacTask task = (JavacTask) javac.getTask(
                    new StringWriter(), files, diagnostics, options, null, files.getJavaFileObjects(file));
            List<? extends JavaFileObject> written = toList(task.generate());
            if (diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
                return Optional.empty(); // the source launcher reports them, or finds what was missing
            }
            // What the source launcher would have shown: warnings, once, when the program is compiled.
            diagnostics.getDiagnostics().forEach(d -> System.err.println(d));
            for (JavaFileObject classFile : written) {
                Path path = Path.of(classFile.toUri());
                String relative = out.relativize(path).toString();
                String name = relative.substring(0, relative.length() - ".class".length())
                        .replace(path.getFileSystem().getSeparator(), ".");
                if (!name.substring(name.lastIndexOf('.') + 1).contains("$")) {
                    return Optional.of(name);
                }
            }
            return Optional.empty();
        } catch (IllegalStateException | UncheckedIOException compileErrors) {
            return Optional.empty();
        } finally {
            deleteTree(emptySourcePath);
        }
    }

    private static <T> List<T> toList(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    /** Keeps the {@link #KEEP} most recently compiled programs. */
    private void prune() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("main-class")))
                    .sorted(Comparator.comparing(
                                    (Path p) -> p.resolve("main-class").toFile().lastModified())
                            .reversed())
                    .toList();
        }
        for (Path old : dirs.subList(Math.min(KEEP, dirs.size()), dirs.size())) {
            deleteTree(old);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

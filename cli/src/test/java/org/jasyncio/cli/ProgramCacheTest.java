package org.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program cache of the launcher (issue 14): the key, the main class the source launcher would pick,
 * a hit after the first compile, a miss after an edit, no entry for a file that needs its neighbours,
 * and the same key as the {@code ./jasyncio} script's.
 */
class ProgramCacheTest {
    private static final Path JAVA = JavaLauncher.thisJava();
    private static final Path SCRIPT = Path.of("..", "jasyncio");

    @TempDir
    Path tmp;

    private ProgramCache cache() {
        return new ProgramCache(tmp.resolve("programs"), "build-1", JAVA, JavaLauncher.jasyncioClassPath());
    }

    private Path write(String name, String source) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        return Files.writeString(dir.resolve(name), source, StandardCharsets.UTF_8);
    }

    @Test
    void theKeyChangesWithTheContentTheNameTheBuildAndTheJava() throws IOException {
        Path a = write("A.java", "class A {}");
        String key = ProgramCache.key("build-1", JAVA, a);
        assertThat(key).hasSize(32).matches("[0-9a-f]+").isEqualTo(ProgramCache.key("build-1", JAVA, a));
        assertThat(ProgramCache.key("build-2", JAVA, a)).isNotEqualTo(key);
        assertThat(ProgramCache.key("build-1", Path.of("/other/bin/java"), a)).isNotEqualTo(key);
        Path b = Files.copy(a, tmp.resolve("A2.java"));
        assertThat(ProgramCache.key("build-1", JAVA, b)).as("another file name").isNotEqualTo(key);
        Files.writeString(a, "class A { }");
        assertThat(ProgramCache.key("build-1", JAVA, a)).as("an edit").isNotEqualTo(key);
    }

    @Test
    void theMainClassIsTheFirstTopLevelClassAsTheSourceLauncherPicksIt() throws IOException {
        Path file = write("Two.java", """
                package demo.two;
                class First {
                    interface Inner {}
                    public static void main(String[] args) {
                        Runnable r = () -> System.out.println("first");
                        r.run();
                    }
                }
                class Second {
                    public static void main(String[] args) {}
                }
                """);
        ProgramCache.Compiled compiled = cache().lookupOrCompile(file).orElseThrow();
        assertThat(compiled.mainClass()).isEqualTo("demo.two.First");
        assertThat(compiled.classes().resolve("demo/two/First.class")).isRegularFile();
        assertThat(compiled.classes().resolve("demo/two/Second.class")).isRegularFile();
        assertThat(compiled.classes().resolve("demo/two/First$Inner.class")).isRegularFile();
    }

    @Test
    void aCompactSourceFilesMainClassIsNamedAfterTheFile() throws IOException {
        Path file = write("Compact.java", """
                void main() {
                    IO.println("compact");
                }
                """);
        assertThat(cache().lookupOrCompile(file).orElseThrow().mainClass()).isEqualTo("Compact");
    }

    @Test
    void theSecondRunHitsAndAnEditMisses() throws Exception {
        Path file = write(
                "Hello.java",
                "public class Hello { public static void main(String[] a) { System.out.println(\"one\"); } }");
        ProgramCache cache = cache();
        assertThat(cache.lookup(file)).isEmpty();
        ProgramCache.Compiled first = cache.lookupOrCompile(file).orElseThrow();
        Path mainClassFile = first.classes().resolveSibling("main-class");
        long compiledAt = Files.getLastModifiedTime(mainClassFile).toMillis();
        assertThat(cache.lookup(file)).contains(first);
        assertThat(cache.lookupOrCompile(file)).contains(first);
        assertThat(Files.getLastModifiedTime(mainClassFile).toMillis())
                .as("not compiled again")
                .isEqualTo(compiledAt);

        Files.writeString(
                file, "public class Hello { public static void main(String[] a) { System.out.println(\"two\"); } }");
        assertThat(cache.lookup(file)).as("an edited file misses").isEmpty();
        ProgramCache.Compiled second = cache.lookupOrCompile(file).orElseThrow();
        assertThat(second.classes()).isNotEqualTo(first.classes());
        assertThat(run(new JavaLauncher(
                        JAVA, JavaLauncher.jasyncioClassPath(), List.of(), file, List.of(), null, second)))
                .isEqualTo("two");
    }

    @Test
    void aFileThatNeedsItsNeighboursIsNotCachedAndLeavesNothingBehind() throws IOException {
        write("Helper.java", "public class Helper { static String greet() { return \"hi\"; } }");
        Path file = write(
                "Multi.java",
                "public class Multi { public static void main(String[] a) { System.out.println(Helper.greet()); } }");
        assertThat(cache().lookupOrCompile(file)).isEmpty();
        try (Stream<Path> left = Files.list(tmp.resolve("programs"))) {
            assertThat(left.toList()).as("no entry, no temporary folder").isEmpty();
        }
    }

    @Test
    void aFileThatDoesNotCompileIsNotCached() throws IOException {
        Path file = write("Broken.java", "public class Broken { void f() { undefined(); } }");
        assertThat(cache().lookupOrCompile(file)).isEmpty();
    }

    @Test
    void theScriptComputesTheSameKey() throws Exception {
        assertThat(SCRIPT).isRegularFile();
        Path file = write("Hello.java", "class Hello { /* ü, and a line\nbreak */ }\n");
        // The script's own function, taken from it, with the values it would have.
        String function = Files.readAllLines(SCRIPT).stream()
                        .dropWhile(l -> !l.startsWith("program_key()"))
                        .takeWhile(l -> !l.equals("}"))
                        .toList()
                        .stream()
                        .reduce((x, y) -> x + "\n" + y)
                        .orElseThrow()
                + "\n}";
        assertThat(function).contains("sha256sum");
        String format = Files.readAllLines(SCRIPT).stream()
                .filter(l -> l.startsWith("PROGRAM_FORMAT="))
                .findFirst()
                .orElseThrow();
        String bash = format + "\nBUILD_ID=build-1\nJAVA='" + JAVA + "'\n" + function + "\nprogram_key \"$1\"\n";
        Process p = new ProcessBuilder("bash", "-c", bash, "bash", file.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(ProgramCache.key("build-1", JAVA, file));
        assertThat(format).isEqualTo("PROGRAM_FORMAT=\"" + ProgramCache.FORMAT + "\"");
    }

    /** Runs a launcher's command and returns its output, stripped. */
    static String run(JavaLauncher launcher) throws Exception {
        Process p =
                new ProcessBuilder(launcher.command()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the program ended").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}

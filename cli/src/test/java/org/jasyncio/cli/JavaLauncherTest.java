package org.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program's command line with the launcher's caches (issue 14): cached classes run by their main
 * class with the AOT cache mapped; the source launcher never gets the AOT cache; options that change
 * modules, the class path or AOT/CDS turn the caches off; the script's properties switch them on.
 */
class JavaLauncherTest {
    private static final Path JAVA = Path.of("/jdk/bin/java");
    private static final Path TOUR = Path.of("..", "examples", "Tour.java");

    @TempDir
    Path tmp;

    @AfterEach
    void clearProperties() {
        for (String p : List.of(
                JavaLauncher.HOME_PROPERTY,
                JavaLauncher.BUILD_ID_PROPERTY,
                JavaLauncher.CLASS_PATH_PROPERTY,
                JavaLauncher.AOT_CACHE_PROPERTY)) {
            System.clearProperty(p);
        }
    }

    @Test
    void aCachedProgramRunsByItsMainClassWithTheAotCache() {
        var program = new ProgramCache.Compiled(Path.of("/c/programs/k/classes"), "demo.Hello");
        var launcher = new JavaLauncher(
                JAVA,
                "/c/lib/core.jar:/c/lib/training.jar",
                List.of("-Xmx64m"),
                Path.of("Hello.java"),
                List.of("a", "b"),
                Path.of("/c/lib/jasyncio.aot"),
                program);
        assertThat(launcher.command())
                .containsExactly(
                        "/jdk/bin/java",
                        "--add-exports",
                        "java.base/jdk.internal.vm=ALL-UNNAMED",
                        "-XX:AOTCache=/c/lib/jasyncio.aot",
                        "-cp",
                        "/c/lib/core.jar:/c/lib/training.jar:/c/programs/k/classes",
                        "-Xmx64m",
                        "demo.Hello",
                        "a",
                        "b");
    }

    @Test
    void theSourceLauncherRunsWithoutTheAotCache() {
        var launcher = new JavaLauncher(
                JAVA,
                "/c/lib/core.jar",
                List.of(),
                Path.of("Hello.java"),
                List.of(),
                Path.of("/c/lib/jasyncio.aot"),
                null);
        assertThat(launcher.command())
                .containsExactly(
                        "/jdk/bin/java",
                        "--add-exports",
                        "java.base/jdk.internal.vm=ALL-UNNAMED",
                        "-cp",
                        "/c/lib/core.jar",
                        "Hello.java");
    }

    @Test
    void optionsThatChangeModulesTheClassPathOrAotTurnTheCachesOff() {
        for (String option : List.of(
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-modules",
                "--enable-preview",
                "-p",
                "--module-path",
                "-cp",
                "--class-path",
                "--source",
                "-XX:AOTCache=/x",
                "-Xshare:off",
                "-XX:SharedArchiveFile=/x",
                "--limit-modules",
                "--patch-module")) {
            assertThat(JavaLauncher.cachesAllowed(List.of("-Xmx64m", option)))
                    .as(option)
                    .isFalse();
        }
        assertThat(JavaLauncher.cachesAllowed(List.of(
                        "-Xmx64m",
                        "-Djasyncio.debug=true",
                        "-Djasyncio.strand=virtual",
                        "-XX:+UseSerialGC",
                        "-parameters")))
                .isTrue();
    }

    /** With a recording started at launch the JVM cannot map the AOT cache, and printed an [error][aot] line. */
    @Test
    void aFlightRecordingAtLaunchRulesOutOnlyTheAotCache() {
        List<String> jfr = List.of("-XX:StartFlightRecording:filename=run.jfr", "-Xmx64m");
        assertThat(JavaLauncher.aotAllowed(jfr)).isFalse();
        assertThat(JavaLauncher.aotAllowed(List.of("-XX:FlightRecorderOptions:stackdepth=128")))
                .isFalse();
        assertThat(JavaLauncher.cachesAllowed(jfr))
                .as("the program cache still applies")
                .isTrue();
        assertThat(JavaLauncher.aotAllowed(List.of("-Xmx64m", "-XX:+UseSerialGC")))
                .isTrue();
    }

    @Test
    void withoutTheScriptsPropertiesNothingIsCached() throws Exception {
        var launcher = JavaLauncher.forThisJvm(List.of(), TOUR, List.of());
        assertThat(launcher.withCompiledProgram()).isEqualTo(launcher);
        assertThat(launcher.aotCache()).isNull();
    }

    @Test
    void theScriptsPropertiesCompileTheProgramOnceAndMapTheAotCache() throws Exception {
        Path aot = Files.writeString(tmp.resolve("jasyncio.aot"), "stand-in: only its presence is read here");
        System.setProperty(JavaLauncher.HOME_PROPERTY, tmp.toString());
        System.setProperty(JavaLauncher.BUILD_ID_PROPERTY, "build-1");
        System.setProperty(JavaLauncher.CLASS_PATH_PROPERTY, JavaLauncher.jasyncioClassPath());
        System.setProperty(JavaLauncher.AOT_CACHE_PROPERTY, aot.toString());

        var launcher = JavaLauncher.forThisJvm(List.of(), TOUR, List.of("--virtual-time"))
                .withCompiledProgram();
        assertThat(launcher.aotCache()).isEqualTo(aot);
        assertThat(launcher.program()).isNotNull();
        assertThat(launcher.program().mainClass()).isEqualTo("Tour");
        assertThat(launcher.program().classes()).startsWith(tmp.resolve("programs"));
        assertThat(launcher.command()).contains("-XX:AOTCache=" + aot, "Tour").doesNotContain(TOUR.toString());

        // An option that touches modules: the plain source launcher, no AOT cache.
        var plain = JavaLauncher.forThisJvm(List.of("--add-modules=jdk.httpserver"), TOUR, List.of())
                .withCompiledProgram();
        assertThat(plain.program()).isNull();
        assertThat(plain.aotCache()).isNull();

        // The cached Tour runs (without the stand-in AOT file), on virtual time.
        var run = new JavaLauncher(
                launcher.javaExecutable(),
                launcher.classPath(),
                List.of(),
                TOUR,
                List.of("--virtual-time"),
                null,
                launcher.program());
        assertThat(ProgramCacheTest.run(run))
                .contains("ASYNCHRONOUS PROGRAMMING PRACTICE", "PRACTICE COMPLETE!")
                .doesNotContain("virtual-thread strands");
    }
}

package org.jasyncio.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.TimeoutError;
import org.jasyncio.net.StreamReader;
import org.jasyncio.net.TlsOptions;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubprocessTest {
    @AsyncTest(virtualTime = false)
    void execReadsStdoutAndExitCode() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Subprocess p = Subprocess.exec("sh", "-c", "echo hello; echo oops >&2; exit 3");
            assertThat(p.pid()).isPositive();
            assertThat(new String(p.stdout().readline(), UTF_8)).isEqualTo("hello\n");
            assertThat(new String(p.stderr().read(), UTF_8)).isEqualTo("oops\n");
            assertThat(p.await()).isEqualTo(3);
            assertThat(p.returncode()).isEqualTo(3);
            assertThat(p.stdout().read()).isEmpty();
        }
    }

    @AsyncTest(virtualTime = false)
    void aChildIsRunningThenExitedWithItsCode() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Subprocess p = Subprocess.exec("sh", "-c", "read x; exit 3");
            String cmd = " [sh, -c, read x; exit 3]>";
            assertThat(p.state()).isEqualTo(Subprocess.State.RUNNING);
            assertThat(p).hasToString("<Subprocess pid=" + p.pid() + " running waiters=0" + cmd);
            Task<Integer> waiting = Asyncio.createTask(p::await);
            Asyncio.sleep(0);
            assertThat(p).hasToString("<Subprocess pid=" + p.pid() + " running waiters=1" + cmd);
            p.stdin().write("go\n".getBytes(UTF_8));
            assertThat(waiting.await()).isEqualTo(3);
            assertThat(p.state()).isEqualTo(Subprocess.State.EXITED);
            assertThat(p).hasToString("<Subprocess pid=" + p.pid() + " exited returncode=3 waiters=0" + cmd);
            p.sendSignal(15); // EXITED: does nothing
            assertThatThrownBy(() -> p.sendSignal(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sendSignal(0) to " + p + ": a signal number must be positive");
        }
    }

    @AsyncTest(virtualTime = false)
    void aPipeTransportIsReadingPausedThenClosed() throws Exception {
        StreamReader reader = new StreamReader();
        PipeReadTransport pipe = new PipeReadTransport(
                Asyncio.getRunningLoop(),
                new java.io.ByteArrayInputStream("out\n".getBytes(UTF_8)),
                reader,
                "test-pipe");
        assertThat(pipe).hasToString("<PipeReadTransport test-pipe reading>");
        pipe.pauseReading();
        assertThat(pipe.state()).isEqualTo(PipeReadTransport.State.PAUSED);
        assertThat(pipe).hasToString("<PipeReadTransport test-pipe paused>");
        assertThat(pipe.isReading()).isFalse();
        pipe.resumeReading();
        assertThat(pipe).hasToString("<PipeReadTransport test-pipe reading>");
        pipe.start();
        assertThat(new String(reader.read(), UTF_8)).isEqualTo("out\n");
        Asyncio.wrapFuture(pipe.done).await();
        assertThat(pipe)
                .as("the pipe's EOF ends the pump, not the state")
                .hasToString("<PipeReadTransport test-pipe reading pump=ended>");
        pipe.close();
        pipe.resumeReading();
        assertThat(pipe.isClosing()).isTrue();
        assertThat(pipe).as("CLOSED is final").hasToString("<PipeReadTransport test-pipe closed pump=ended>");
    }

    @AsyncTest(virtualTime = false)
    void shellWithEnvironmentAndDirectory(@TempDir Path dir) throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Subprocess p = Subprocess.shell(
                    "echo $GREETING; pwd",
                    SubprocessOptions.defaults()
                            .env(Map.of("GREETING", "hi there"))
                            .cwd(dir));
            Subprocess.Output out = p.communicate(null);
            assertThat(new String(out.stdout(), UTF_8)).isEqualTo("hi there\n" + dir.toRealPath() + "\n");
            assertThat(out.stderr()).isEmpty();
            assertThat(p.returncode()).isZero();
        }
    }

    @AsyncTest(virtualTime = false)
    void communicateWithNoInputClosesStdinAndCollectsBothStreams() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            // cat would wait forever if stdin stayed open
            Subprocess p = Subprocess.shell("cat; echo done; echo oops >&2");
            Subprocess.Output out = p.communicate();
            assertThat(new String(out.stdout(), UTF_8))
                    .as("stdin was closed at once, with nothing sent")
                    .isEqualTo("done\n");
            assertThat(new String(out.stderr(), UTF_8)).isEqualTo("oops\n");
            assertThat(p.returncode()).isZero();
        }
    }

    @AsyncTest(virtualTime = false)
    void communicateLargeDataBothWaysDoesNotDeadlock() throws Exception {
        try (var t = Asyncio.timeout(60)) {
            byte[] input = new byte[8 * 1024 * 1024];
            for (int i = 0; i < input.length; i++) {
                input[i] = (byte) ('a' + i % 26);
            }
            // cat echoes everything while we are still writing: both pipes full at once without concurrency.
            Subprocess p = Subprocess.shell("cat; head -c 1000000 /dev/zero >&2");
            Subprocess.Output out = p.communicate(input);
            assertThat(out.stdout()).hasSize(input.length);
            assertThat(Arrays.equals(out.stdout(), input)).isTrue();
            assertThat(out.stderr()).hasSize(1_000_000);
            assertThat(p.returncode()).isZero();
        }
    }

    @AsyncTest(virtualTime = false)
    void stdinStreamWithDrain() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Subprocess p = Subprocess.exec("sort");
            p.stdin().write("pear\napple\n".getBytes(UTF_8));
            p.stdin().writelines(java.util.List.of("fig\n".getBytes(UTF_8)));
            p.stdin().drain();
            p.stdin().close();
            assertThat(new String(p.stdout().read(), UTF_8)).isEqualTo("apple\nfig\npear\n");
            assertThat(p.await()).isZero();
        }
    }

    @AsyncTest(virtualTime = false)
    void stdinIsAWriteOnlyTransportThatCannotStartTls() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Subprocess p = Subprocess.exec("cat");
            assertThat(p.stdin().transport())
                    .as("the input pipe has only the write side")
                    .isNotInstanceOf(org.jasyncio.net.ReadTransport.class);
            assertThatThrownBy(() -> p.stdin().startTls(TlsOptions.insecure()))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("startTls() on <StreamWriter transport=<PipeWriteTransport")
                    .hasMessageEndingWith(" is write-only, and TLS needs a two-way transport");
            p.stdin().close();
            assertThat(p.await()).isZero();
        }
    }

    @AsyncTest(virtualTime = false)
    void killAndTerminate() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Subprocess p = Subprocess.exec("sleep", "30");
            assertThat(p.returncode()).isNull();
            assertThatThrownBy(() -> Asyncio.waitFor(() -> p.await(), 0.1)).isInstanceOf(TimeoutError.class);
            p.kill();
            assertThat(p.await()).isEqualTo(128 + 9);
            Subprocess q = Subprocess.exec("sleep", "30");
            q.terminate();
            assertThat(q.await()).isEqualTo(128 + 15);
            Subprocess r = Subprocess.exec("sleep", "30");
            // SIGUSR1 (10 on Linux), whose default is to end the process. Not SIGINT: a shell starts
            // background jobs with SIGINT ignored, children inherit that, and the child would live on.
            r.sendSignal(10);
            assertThat(r.await()).isEqualTo(128 + 10);
        }
    }

    @AsyncTest(virtualTime = false)
    void redirectsInheritDiscardAndFiles(@TempDir Path dir) throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Path in = dir.resolve("in.txt");
            Path out = dir.resolve("out.txt");
            Files.writeString(in, "from a file\n");
            Subprocess p = Subprocess.exec(
                    SubprocessOptions.defaults()
                            .stdin(Redirect.from(in.toFile()))
                            .stdout(Redirect.to(out.toFile()))
                            .stderr(Redirect.DISCARD),
                    "sh",
                    "-c",
                    "cat; echo err >&2");
            assertThat(p.stdin()).isNull();
            assertThat(p.stdout()).isNull();
            assertThat(p.stderr()).isNull();
            assertThat(p.await()).isZero();
            assertThat(Files.readString(out)).isEqualTo("from a file\n");

            Subprocess merged = Subprocess.exec(
                    SubprocessOptions.defaults().stderrToStdout(), "sh", "-c", "echo out; echo err >&2");
            assertThat(merged.stderr()).isNull();
            assertThat(new String(merged.communicate(null).stdout(), UTF_8)).isEqualTo("out\nerr\n");
        }
    }

    @AsyncTest(virtualTime = false)
    void writingToAChildThatExitedFailsDrain() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Subprocess p = Subprocess.exec("true");
            p.await();
            IOException failure = null;
            byte[] chunk = new byte[1024 * 1024];
            for (int i = 0; i < 100 && failure == null; i++) {
                try {
                    p.stdin().write(chunk);
                    p.stdin().drain();
                } catch (IOException e) {
                    failure = e;
                }
            }
            // Writes after the exit are dropped (stdin was closed) or fail with a broken pipe.
            assertThat(p.stdin().isClosing()).isTrue();
        }
    }

    @AsyncTest(virtualTime = false)
    void aFastChildIsHeldBackByItsPipe() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Subprocess p = Subprocess.shell(
                    "head -c 100000000 /dev/zero", SubprocessOptions.defaults().limit(4096));
            byte[] first = p.stdout().readexactly(10);
            assertThat(first).hasSize(10);
            Asyncio.sleep(0.1); // real time on purpose: that the reader stops taking data can only be seen over time
            // Nobody reads: the reader holds about twice its limit plus a chunk, not 100 MB.
            assertThat(p.stdout().buffered()).isLessThanOrEqualTo(2 * 4096 + 64 * 1024);
            p.kill();
            p.await();
        }
    }

    @Test
    void missingProgramFailsWithIOException() throws Exception {
        Asyncio.run(() -> {
            assertThatThrownBy(() -> Subprocess.exec("/no/such/program"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("/no/such/program");
        });
    }

    @AsyncTest
    void worksOnTheVirtualClock() throws Exception {
        Subprocess p = Subprocess.exec("sh", "-c", "echo tick");
        assertThat(new String(p.stdout().read(), UTF_8)).isEqualTo("tick\n");
        assertThat(p.await()).isZero();
    }

    @AsyncTest(virtualTime = false)
    void cancellingExecDoesNotLeaveAnOrphan(@TempDir Path dir) throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Path marker = dir.resolve("ran");
            var task = Asyncio.createTask(() -> Subprocess.exec("sh", "-c", "sleep 0.3; touch " + marker));
            Asyncio.sleep(0); // the task is now waiting for the fork on the executor
            task.cancel();
            assertThatThrownBy(task::await).isInstanceOf(org.jasyncio.CancelledError.class);
            Asyncio.sleep(0.6); // real time on purpose: an orphan would have touched the marker after its 0.3 s
            assertThat(Files.exists(marker))
                    .as("the child of a cancelled exec() must be killed")
                    .isFalse();
        }
    }

    @Test
    void badArgumentsNameTheRule() {
        assertThatThrownBy(() -> SubprocessOptions.defaults().limit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SubprocessOptions: the pipes' reader buffer limit must be > 0, got 0");
        assertThatThrownBy(() -> Subprocess.exec(java.util.List.of(), SubprocessOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exec() needs a program to run: the command list is empty");
    }
}

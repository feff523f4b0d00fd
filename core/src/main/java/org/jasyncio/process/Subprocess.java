package org.jasyncio.process;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.TaskGroupError;
import org.jasyncio.net.ConnectionResetError;
import org.jasyncio.net.StreamReader;
import org.jasyncio.net.StreamReaderProtocol;
import org.jasyncio.net.StreamWriter;

/**
 * A child process driven by the event loop (asyncio's {@code asyncio.subprocess.Process}, made by
 * {@code create_subprocess_exec} / {@code create_subprocess_shell}).
 *
 * <pre>{@code
 * Subprocess p = Subprocess.exec("sort");
 * Subprocess.Output out = p.communicate("b\na\n".getBytes());
 * // out.stdout() is "a\nb\n", p.returncode() is 0
 *
 * Subprocess ls = Subprocess.shell("ls -l | wc -l");
 * byte[] line = ls.stdout().readline();
 * int code = ls.await();
 * }</pre>
 *
 * <p>Java's process pipes are blocking streams, not selectable channels: each piped stream is pumped by
 * a dedicated daemon platform thread bridged into the loop with {@code callSoonThreadsafe}, with flow
 * control so memory stays bounded (see {@link StreamReader}). Waiting for the exit uses
 * {@link Process#onExit()} wrapped into the loop: nothing blocks the loop thread.
 *
 * <p>As with asyncio, {@link #await()} with piped output nobody reads can deadlock once the pipe and the
 * reader's buffer are full: use {@link #communicate(byte[])}.
 *
 * <p>Threading: loop thread only (and its tasks).
 */
public final class Subprocess {
    /**
     * Everything a child wrote, as {@link #communicate(byte[])} returns it.
     *
     * @param stdout the standard output, or {@code null} if it was not piped
     * @param stderr the standard error, or {@code null} if it was not piped
     */
    public record Output(byte[] stdout, byte[] stderr) {}

    /**
     * The child as the loop has seen it.
     * <pre>
     * RUNNING --the child exits (seen by the exit future's callback, or by await())--> EXITED
     * </pre>
     * EXITED is final and comes with the {@link #returncode()}. The child may have ended a moment
     * before the loop sees it: until then it is RUNNING and {@link #sendSignal} still tries.
     */
    public enum State {
        RUNNING,
        EXITED
    }

    private final EventLoop loop;
    private final Process process;
    private final List<String> command;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private final Future<Process> exit;
    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.RUNNING;
    /** The exit code; set with the move to EXITED, {@code null} before. */
    private Integer returncode;
    /** How many tasks wait in {@link #await()}. Loop thread only. */
    private int waiters;

    private Subprocess(EventLoop loop, Process process, List<String> command, SubprocessOptions options) {
        this.loop = loop;
        this.process = process;
        this.command = command;
        long pid = process.pid();
        if (options.stdin() == Redirect.PIPE) {
            StreamReaderProtocol proto = new StreamReaderProtocol(loop, null);
            PipeWriteTransport t =
                    new PipeWriteTransport(loop, process.getOutputStream(), proto, "jasyncio-pipe-" + pid + "-stdin");
            stdin = new StreamWriter(t, proto, null, loop);
            Asyncio.wrapFuture(t.done); // counts as outside work while the pump runs (virtual clock)
            t.start();
        } else {
            stdin = null;
        }
        stdout = options.stdout() == Redirect.PIPE ? pump(process.getInputStream(), options, pid, "stdout") : null;
        stderr = options.stderr() == Redirect.PIPE && !options.mergeStderr()
                ? pump(process.getErrorStream(), options, pid, "stderr")
                : null;
        exit = Asyncio.wrapFuture(process.onExit());
        exit.addDoneCallback(f -> {
            if (f.cancelled()) {
                return;
            }
            exited();
            if (stdin != null) {
                stdin.close(); // nobody will read it any more; lets the pump thread end
            }
        });
    }

    private StreamReader pump(java.io.InputStream in, SubprocessOptions options, long pid, String which) {
        StreamReader r = new StreamReader(options.limit());
        PipeReadTransport t = new PipeReadTransport(loop, in, r, "jasyncio-pipe-" + pid + "-" + which);
        Asyncio.wrapFuture(t.done);
        t.start();
        return r;
    }

    /** RUNNING -> EXITED (or EXITED again: the exit callback and await() both see the exit). */
    private void exited() {
        returncode = process.exitValue();
        state = State.EXITED;
    }

    /** Starts {@code cmd} (program and arguments) with pipes for all three streams. */
    public static Subprocess exec(String... cmd) throws IOException {
        return exec(List.of(cmd), SubprocessOptions.defaults());
    }

    /** Starts {@code cmd} with options. */
    public static Subprocess exec(SubprocessOptions options, String... cmd) throws IOException {
        return exec(List.of(cmd), options);
    }

    /**
     * Starts {@code cmd} with options. The fork and exec run on the loop's default executor.
     *
     * @throws IOException if the program cannot be started (e.g. not found)
     */
    public static Subprocess exec(List<String> cmd, SubprocessOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (cmd.isEmpty()) {
            throw new IllegalArgumentException("exec() needs a program to run: the command list is empty");
        }
        EventLoop loop = Asyncio.getRunningLoop();
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(options.stdin());
        pb.redirectOutput(options.stdout());
        pb.redirectError(options.stderr());
        pb.redirectErrorStream(options.mergeStderr());
        if (options.cwd() != null) {
            pb.directory(options.cwd().toFile());
        }
        Map<String, String> env = pb.environment();
        options.env().forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        Process p;
        // If the caller is cancelled while the fork runs, the result is dropped: kill the orphan.
        // Either the starter sees the flag or the canceller sees the process (both are atomics).
        AtomicBoolean abandoned = new AtomicBoolean();
        AtomicReference<Process> started = new AtomicReference<>();
        try {
            p = loop.runInExecutor(null, () -> {
                        Process child = pb.start();
                        started.set(child);
                        if (abandoned.get()) {
                            child.destroyForcibly();
                        }
                        return child;
                    })
                    .await();
        } catch (CancelledError | TaskGroupError e) {
            // The caller stops waiting (cancelled, or interrupted by its task group): nobody will own the child.
            abandoned.set(true);
            Process orphan = started.get();
            if (orphan != null) {
                orphan.destroyForcibly();
            }
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start " + cmd + ": " + e.getMessage(), e);
        }
        return new Subprocess(loop, p, List.copyOf(cmd), options);
    }

    /** Runs {@code cmd} through {@code /bin/sh -c}, with pipes for all three streams. */
    public static Subprocess shell(String cmd) throws IOException {
        return shell(cmd, SubprocessOptions.defaults());
    }

    /** Runs {@code cmd} through the shell ({@code cmd.exe /c} on Windows) with options. */
    public static Subprocess shell(String cmd, SubprocessOptions options) throws IOException {
        boolean windows = File.separatorChar == '\\';
        return exec(windows ? List.of("cmd.exe", "/c", cmd) : List.of("/bin/sh", "-c", cmd), options);
    }

    /** The child's standard input, or {@code null} if not piped. */
    public StreamWriter stdin() {
        return stdin;
    }

    /** The child's standard output, or {@code null} if not piped. */
    public StreamReader stdout() {
        return stdout;
    }

    /** The child's standard error, or {@code null} if not piped (or merged into stdout). */
    public StreamReader stderr() {
        return stderr;
    }

    /** The state, as drawn on {@link State}. */
    public State state() {
        return state;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /**
     * The exit code once the child has exited, else {@code null}. A child killed by signal N reports
     * 128 + N (Java's convention; asyncio reports -N).
     */
    public Integer returncode() {
        return returncode;
    }

    /** Waits for the child to exit and returns its exit code, without blocking the loop. */
    public int await() throws IOException {
        waiters++;
        try {
            // Shielded: a waiter that is cancelled (e.g. by waitFor) must not cancel the exit future.
            Asyncio.shield(exit);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("waiting for " + this + " failed", e);
        } finally {
            waiters--;
        }
        exited();
        return returncode;
    }

    /**
     * {@link #communicate(byte[])} with no input (asyncio's {@code communicate()}): closes stdin if it
     * is a pipe, reads stdout and stderr to the end, and waits for the exit.
     */
    public Output communicate() throws IOException {
        return communicate(null);
    }

    /**
     * Sends {@code input} (if not {@code null}) to stdin and closes it, reads stdout and stderr to the
     * end, and waits for the exit. The three run concurrently, so large data in both directions cannot
     * deadlock. A child that exits without reading its input is not an error (as in asyncio).
     *
     * @throws IllegalStateException if {@code input} is given but stdin is not piped
     */
    public Output communicate(byte[] input) throws IOException {
        if (input != null && stdin == null) {
            throw new IllegalStateException("communicate(input) on " + this + ", whose stdin is not a pipe");
        }
        Task<Void> feeder = Asyncio.createTask(() -> {
            if (stdin == null) {
                return;
            }
            try {
                if (input != null && input.length > 0) {
                    stdin.write(input);
                    stdin.drain();
                }
            } catch (ConnectionResetError childGone) {
                // the child exited without reading everything: asyncio ignores this too
            } finally {
                stdin.close();
            }
        });
        Task<byte[]> out = Asyncio.createTask(() -> stdout == null ? null : stdout.read());
        Task<byte[]> err = Asyncio.createTask(() -> stderr == null ? null : stderr.read());
        try {
            Asyncio.gather(List.of(feeder, out, err));
            await();
            return new Output(out.result(), err.result());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("communicate() with " + this + " failed", e);
        } finally {
            for (Task<?> t : List.of(feeder, out, err)) {
                t.cancel();
            }
        }
    }

    /** Asks the child to stop (SIGTERM on POSIX). Does nothing if it has exited. */
    public void terminate() {
        process.destroy();
    }

    /** Kills the child (SIGKILL on POSIX). Does nothing if it has exited. */
    public void kill() {
        process.destroyForcibly();
    }

    /**
     * Sends signal {@code sig} to the child. 15 and 9 use Java's own {@link #terminate()} and
     * {@link #kill()}; other signals run {@code kill -SIG pid} on the default executor (POSIX only),
     * without waiting.
     */
    public void sendSignal(int sig) {
        if (sig <= 0) {
            throw new IllegalArgumentException(
                    "sendSignal(" + sig + ") to " + this + ": a signal number must be positive");
        }
        if (state == State.EXITED || !process.isAlive()) {
            return;
        }
        if (sig == 15) {
            terminate();
        } else if (sig == 9) {
            kill();
        } else {
            List<String> cmd = new ArrayList<>(List.of("kill", "-" + sig, Long.toString(process.pid())));
            Future<Integer> f = loop.runInExecutor(
                    null, () -> new ProcessBuilder(cmd).start().waitFor());
            f.addDoneCallback(x -> {
                if (!x.cancelled() && x.exception() != null) {
                    loop.callExceptionHandler(new org.jasyncio.ExceptionContext(
                            "sendSignal(" + sig + ") to " + this + " failed", x.exception()));
                }
            });
        }
    }

    @Override
    public String toString() {
        return "<Subprocess pid=" + process.pid() + " " + state.name().toLowerCase(Locale.ROOT)
                + (state == State.EXITED ? " returncode=" + returncode : "") + " waiters=" + waiters + " " + command
                + ">";
    }
}

package org.jasyncio.process;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jasyncio.net.StreamReader;

/**
 * How to start a {@link Subprocess}: where its standard streams go, its directory and environment
 * (asyncio's {@code stdin=}, {@code stdout=}, {@code stderr=}, {@code cwd=}, {@code env=}, {@code limit=}).
 *
 * <p>Each stream is a {@link Redirect}: {@link Redirect#PIPE} (the default: the stream is a
 * {@link org.jasyncio.net.StreamWriter}/{@link StreamReader} of the subprocess), {@link Redirect#INHERIT},
 * {@link Redirect#DISCARD}, or a file ({@code Redirect.to(file)}, {@code Redirect.from(file)}).
 *
 * <pre>{@code
 * var p = Subprocess.exec(SubprocessOptions.defaults().stdin(Redirect.INHERIT).stderrToStdout(), "make");
 * }</pre>
 *
 * @param stdin where the child's standard input comes from
 * @param stdout where the child's standard output goes
 * @param stderr where the child's standard error goes (ignored if {@code mergeStderr})
 * @param mergeStderr merge standard error into standard output (asyncio's {@code stderr=STDOUT})
 * @param cwd the working directory, or {@code null} for the current one
 * @param env variables added to (or, with a {@code null} value, removed from) the inherited environment
 * @param limit the buffer limit of the {@link StreamReader}s
 */
public record SubprocessOptions(
        Redirect stdin,
        Redirect stdout,
        Redirect stderr,
        boolean mergeStderr,
        Path cwd,
        Map<String, String> env,
        int limit) {
    /** Checks the arguments. */
    public SubprocessOptions {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(env));
        if (limit <= 0) {
            throw new IllegalArgumentException(
                    "SubprocessOptions: the pipes' reader buffer limit must be > 0, got " + limit);
        }
    }

    /** Pipes for all three streams, the current directory and environment, 64 KiB reader limit. */
    public static SubprocessOptions defaults() {
        return new SubprocessOptions(
                Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, false, null, Map.of(), StreamReader.DEFAULT_LIMIT);
    }

    /** These options with standard input from {@code r}. */
    public SubprocessOptions stdin(Redirect r) {
        return new SubprocessOptions(r, stdout, stderr, mergeStderr, cwd, env, limit);
    }

    /** These options with standard output to {@code r}. */
    public SubprocessOptions stdout(Redirect r) {
        return new SubprocessOptions(stdin, r, stderr, mergeStderr, cwd, env, limit);
    }

    /** These options with standard error to {@code r}. */
    public SubprocessOptions stderr(Redirect r) {
        return new SubprocessOptions(stdin, stdout, r, false, cwd, env, limit);
    }

    /** These options with standard error merged into standard output. */
    public SubprocessOptions stderrToStdout() {
        return new SubprocessOptions(stdin, stdout, Redirect.PIPE, true, cwd, env, limit);
    }

    /** These options with a working directory. */
    public SubprocessOptions cwd(Path dir) {
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, dir, env, limit);
    }

    /** These options with environment changes ({@code null} values remove a variable). */
    public SubprocessOptions env(Map<String, String> changes) {
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, cwd, changes, limit);
    }

    /** These options with another reader limit. */
    public SubprocessOptions limit(int bytes) {
        return new SubprocessOptions(stdin, stdout, stderr, mergeStderr, cwd, env, bytes);
    }
}

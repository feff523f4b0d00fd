package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Coroutine;
import org.jasyncio.Task;
import org.jasyncio.testfixtures.TestPrograms;

/**
 * The operation scripts of {@link StreamReaderDifferentialTest}: made from a seed, replayed on jasyncio's
 * {@link StreamReader} here and on CPython's by {@code streamreader_oracle.py} (whose docstring defines
 * the script and result language, which both sides print the same way).
 *
 * <p>{@code main(PYTHON, OUT)} records the oracle file the test also checks: run with CPython 3.13+ so
 * that readuntil() with several separators is covered (python3 on CI may be older).
 */
final class StreamReaderScripts {
    static final HexFormat HEX = HexFormat.of();
    /** The seed and size of the recorded oracle file. */
    static final long RECORDED_SEED = 1317;

    static final int RECORDED_CASES = 2000;
    static final String RECORDING = "streamreader_oracle_cpython313.txt";

    private static final int[] LIMITS = {1, 2, 3, 4, 7, 16, StreamReader.DEFAULT_LIMIT};
    private static final int[] READ_SIZES = {-1, 0, 1, 2, 3, 5, 100};
    private static final int[] EXACT_SIZES = {-1, 0, 1, 1, 2, 3, 4, 6};
    private static final String[] SEPARATORS = {"\n", "a", "b", "ab", "ba", "b\n", "aab", "-a", "\n\n"};
    private static final String ALPHABET = "aaabb\n-";

    private StreamReaderScripts() {}

    /**
     * One random script: feeds of a few bytes of a small alphabet (so that separators occur), reads
     * started as tasks (each only once the last one started is done, else it is skipped: see the oracle's
     * docstring), loop steps, at most one EOF, and at most one error, after which only reads and steps
     * follow (as a transport's connectionLost is the last thing it says).
     */
    static String generate(Random rnd, boolean tuples) {
        StringBuilder sb = new StringBuilder("L").append(LIMITS[rnd.nextInt(LIMITS.length)]);
        int ops = 1 + rnd.nextInt(16);
        boolean eof = false;
        boolean failed = false;
        for (int i = 0; i < ops; i++) {
            int k = rnd.nextInt(100);
            if (k < 28) {
                sb.append(" S");
            } else if (k < 58) {
                sb.append(" R").append(read(rnd, tuples));
            } else if (k < 92 && !eof && !failed) {
                int n = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(8);
                byte[] data = new byte[n];
                for (int j = 0; j < n; j++) {
                    data[j] = (byte) ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
                }
                sb.append(" F").append(HEX.formatHex(data));
            } else if (k < 97 && !eof && !failed) {
                sb.append(" E");
                eof = true;
            } else if (!failed) {
                sb.append(" X");
                failed = true;
                ops = Math.min(ops, i + 4); // a few reads and steps after the error, no more
            } else {
                sb.append(" S");
            }
        }
        return sb.append(" S S").toString();
    }

    private static String read(Random rnd, boolean tuples) {
        return switch (rnd.nextInt(10)) {
            case 0, 1 -> "r" + READ_SIZES[rnd.nextInt(READ_SIZES.length)];
            case 2, 3 -> "x" + EXACT_SIZES[rnd.nextInt(EXACT_SIZES.length)];
            case 4, 5 -> "l";
            default -> {
                List<String> pool = new ArrayList<>(List.of(SEPARATORS));
                int count = tuples ? 1 + rnd.nextInt(3) : 1;
                List<String> seps = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    seps.add(HEX.formatHex(pool.remove(rnd.nextInt(pool.size())).getBytes(UTF_8)));
                }
                yield "u" + String.join(",", seps);
            }
        };
    }

    /** {@code n} scripts from {@code seed}. */
    static List<String> generate(long seed, int n, boolean tuples) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(generate(rnd, tuples));
        }
        return out;
    }

    /** Replays {@code script} on a fresh jasyncio StreamReader (inside a task) and describes the outcome. */
    static String replay(String script) throws Exception {
        String[] tokens = script.split(" ");
        StreamReader r = new StreamReader(Integer.parseInt(tokens[0].substring(1)));
        List<String> reads = new ArrayList<>();
        List<Task<byte[]>> tasks = new ArrayList<>();
        Task<byte[]> last = null; // the task of the last read started
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            switch (t.charAt(0)) {
                case 'F' -> r.feedData(HEX.parseHex(t.substring(1)));
                case 'E' -> r.feedEof();
                case 'X' -> r.setException(new ConnectionResetError("reset"));
                case 'S' -> Asyncio.sleep(0);
                case 'R' -> {
                    reads.add(t);
                    if (last != null && !last.done()) {
                        tasks.add(null);
                    } else {
                        last = Asyncio.createTask(read(r, t));
                        tasks.add(last);
                    }
                }
                default -> throw new IllegalArgumentException("unknown operation " + t + " in " + script);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tasks.size(); i++) {
            out.append('r')
                    .append(i)
                    .append('=')
                    .append(outcome(reads.get(i), tasks.get(i)))
                    .append(' ');
        }
        tasks.removeIf(t -> t == null);
        for (Task<byte[]> t : tasks) {
            t.cancel();
        }
        for (Task<byte[]> t : tasks) {
            try {
                t.await();
            } catch (CancelledError | Exception e) {
                // its outcome was taken above; a pending read ends cancelled
            }
        }
        return out.append("buf=")
                .append(r.buffered())
                .append(" eof=")
                .append(r.atEof() ? 1 : 0)
                .toString();
    }

    private static Coroutine<byte[]> read(StreamReader r, String token) {
        String arg = token.substring(2);
        return switch (token.charAt(1)) {
            case 'r' -> () -> r.read(Integer.parseInt(arg));
            case 'x' -> () -> r.readexactly(Integer.parseInt(arg));
            case 'l' -> r::readline;
            case 'u' -> {
                List<byte[]> seps = new ArrayList<>();
                for (String h : arg.split(",")) {
                    seps.add(HEX.parseHex(h));
                }
                yield seps.size() == 1 ? () -> r.readuntil(seps.get(0)) : () -> r.readuntil(seps);
            }
            default -> throw new IllegalArgumentException("unknown read " + token);
        };
    }

    private static String outcome(String token, Task<byte[]> t) throws Exception {
        if (t == null) {
            return "skipped";
        }
        if (!t.done()) {
            return "pending";
        }
        Throwable e = t.exception();
        if (e == null) {
            return "ok:" + HEX.formatHex(t.result());
        }
        return switch (e) {
            case IncompleteReadError i ->
                "Incomplete:" + HEX.formatHex(i.partial()) + ":"
                        + (i.expected() < 0 ? "None" : Long.toString(i.expected()));
            case LimitOverrunError l -> token.charAt(1) == 'l' ? "LineTooLong" : "LimitOverrun:" + l.consumed();
            case ConnectionResetError c -> "Reset";
            case IllegalArgumentException a -> "BadArg";
            default -> "Unexpected:" + e;
        };
    }

    /** Runs the oracle script with {@code python} on {@code scripts} (blocking: from a thread); one line each. */
    static List<String> oracle(String python, List<String> scripts) throws IOException, InterruptedException {
        Path script = TestPrograms.resource(StreamReaderScripts.class, "streamreader_oracle.py");
        Process p = new ProcessBuilder(python, script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (var in = p.getOutputStream()) {
                in.write(String.join("\n", scripts).concat("\n").getBytes(UTF_8));
            } catch (IOException e) {
                // the oracle died: its exit status says so below
            }
        });
        List<String> lines =
                new String(p.getInputStream().readAllBytes(), UTF_8).lines().toList();
        feeder.join();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(python + " " + script + " failed (exit " + (p.isAlive() ? "none" : p.exitValue())
                    + "): see its standard error above");
        }
        if (lines.size() != scripts.size()) {
            throw new IOException(
                    python + " " + script + " answered " + lines.size() + " lines for " + scripts.size() + " scripts");
        }
        return lines;
    }

    /** {@code python --capabilities}: whether its readuntil() takes a tuple, and its version line. */
    static String capabilities(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        python,
                        TestPrograms.resource(StreamReaderScripts.class, "streamreader_oracle.py")
                                .toString(),
                        "--capabilities")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("python ")) {
            throw new IOException(python + " --capabilities failed: " + out);
        }
        String[] version = out.split(" ")[1].split("\\.");
        if (Integer.parseInt(version[0]) != 3 || Integer.parseInt(version[1]) < 11) {
            throw new IOException(python + " is " + out + ": the StreamReader oracle needs CPython 3.11 or later");
        }
        return out;
    }

    /** Records the oracle file: {@code main(PYTHON, OUT)}, PYTHON being CPython 3.13 or later. */
    public static void main(String[] args) throws Exception {
        String caps = capabilities(args[0]);
        if (!caps.endsWith("tuples=1")) {
            throw new IllegalArgumentException(args[0] + " is " + caps + ": record with CPython 3.13 or later");
        }
        List<String> scripts = generate(RECORDED_SEED, RECORDED_CASES, true);
        List<String> results = oracle(args[0], scripts);
        List<String> out = new ArrayList<>();
        out.add("# asyncio.StreamReader outcomes recorded by StreamReaderScripts.main with "
                + caps.replace(" tuples=1", "") + " (seed " + RECORDED_SEED + "): script<TAB>outcome");
        for (int i = 0; i < scripts.size(); i++) {
            out.add(scripts.get(i) + "\t" + results.get(i));
        }
        Files.write(Path.of(args[1]), out, UTF_8);
    }
}

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jasyncio.RunOptions;
import org.jasyncio.testing.VirtualClock;

/** Runs an example with {@code System.out} captured, on a virtual clock whose time the test can read. */
final class Console {
    /** Code that prints. */
    @FunctionalInterface
    interface Program {
        void run() throws Exception;
    }

    /** The virtual clock of the runs made with {@link #options()}; starts at 0. */
    final VirtualClock clock = new VirtualClock();

    /** Options for the example: on {@link #clock}. */
    RunOptions options() {
        return RunOptions.defaults().withClock(clock);
    }

    /** Virtual seconds elapsed on {@link #clock}. */
    double elapsed() {
        return clock.nanos() / 1e9;
    }

    /**
     * The lines {@code program} printed to {@code System.out}, in the root locale (the examples print
     * numbers with {@code printf}: "0.5", not "0,5", whatever the machine's locale).
     */
    List<String> lines(Program program) throws Exception {
        PrintStream original = System.out;
        Locale locale = Locale.getDefault();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        Locale.setDefault(Locale.ROOT);
        try {
            program.run();
        } finally {
            System.out.flush();
            System.setOut(original);
            Locale.setDefault(locale);
        }
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        lines.forEach(original::println); // keep the output in the test report
        return lines;
    }
}

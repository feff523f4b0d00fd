import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.http.server.Response;
import org.jasyncio.http.server.ServerOptions;

/**
 * The HTTP examples' offline stand-in for the web: a small site served by jasyncio's own server on an
 * ephemeral loopback port, in the task that starts it. The seeds fetch {@code https://dev.to},
 * {@code https://python.org} and the like; there is no internet here, so each HTTP example given no
 * URL starts this site and fetches its pages instead, the same way it would fetch real ones.
 *
 * <ul>
 *   <li>{@code /dev.to}, {@code /medium.com}, {@code /python.org}, {@code /example.com},
 *       {@code /example.org}, {@code /example.net}, {@code /github.com}: one-line HTML pages with a
 *       {@code <title>}, each answered after its own short delay (so that concurrent fetches finish
 *       in a different order than they started, as in the seeds' output);</li>
 *   <li>{@code /no-title}: a page without a title;</li>
 *   <li>{@code /slow}: answers after {@value #SLOW_SECONDS} s (longer than the examples' timeouts);</li>
 *   <li>{@code /fail}: always {@code 500 Internal Server Error};</li>
 *   <li>{@code /files/{name}}: a small text file to download, {@value #FILE_LINES} lines;</li>
 *   <li>{@code /api/request/{id}}: a small JSON answer after 0.1 s, for the rate-limited requests.</li>
 * </ul>
 *
 * Used as another top-level class of a multi-file source program (JDK 22+): {@code ./jasyncio run
 * examples/Scraper.java} finds this file beside it.
 */
final class DemoSite implements AutoCloseable {
    /** How long {@code /slow} takes to answer, in seconds. */
    static final double SLOW_SECONDS = 3.0;
    /** How many lines a file under {@code /files/} has. */
    static final int FILE_LINES = 100;

    /** A page: its path, its title, how long the server takes to answer it. */
    record Page(String path, String title, double delaySeconds) {
        /** The page's HTML, on one line. */
        String html() {
            return "<!doctype html><html><head><title>" + title + "</title></head><body><h1>" + title
                    + "</h1><p>A page of the jasyncio examples' demo site.</p></body></html>";
        }
    }

    /** The pages with a title, in the order the seeds name their sites. */
    static final List<Page> PAGES = List.of(
            new Page("/dev.to", "DEV Community", 0.3),
            new Page("/medium.com", "Medium", 0.1),
            new Page("/python.org", "Welcome to Python.org", 0.2),
            new Page("/example.com", "Example Domain", 0.1),
            new Page("/example.org", "Example Domain", 0.2),
            new Page("/example.net", "Example Domain", 0.15),
            new Page("/github.com", "GitHub", 0.25));

    private final AppRunner runner;

    private DemoSite(AppRunner runner) {
        this.runner = runner;
    }

    /**
     * Starts the site on 127.0.0.1 and an ephemeral port, in the current task, and prints where
     * ("No URLs given: fetching from the demo site at http://127.0.0.1:PORT"). Close it to stop it.
     */
    static DemoSite start() throws Exception {
        // Quiet (no access log on stderr), and a handler whose client went away is cancelled: the
        // slow page does not hold the site's graceful shutdown after a client gave up on it.
        App app = new App()
                .info("DemoSite", "1.0")
                .options(ServerOptions.defaults().withAccessLog(false).withCancelOnDisconnect(true));
        for (Page page : PAGES) {
            app.get(page.path(), request -> {
                Asyncio.sleep(page.delaySeconds());
                return Response.text(page.html(), "text/html; charset=utf-8");
            });
        }
        app.get(
                "/no-title",
                request -> Response.text(
                        "<!doctype html><html><body><p>This page has no title.</p></body></html>",
                        "text/html; charset=utf-8"));
        app.get("/slow", request -> {
            Asyncio.sleep(SLOW_SECONDS);
            return Response.text(
                    "<!doctype html><html><head><title>Slow</title></head></html>", "text/html; charset=utf-8");
        });
        app.get(
                "/fail",
                request -> Response.text("Internal Server Error", "text/plain; charset=utf-8")
                        .status(500));
        app.get("/files/{name}", request -> fileContent(request.pathParam("name")));
        app.get("/api/request/{id}", request -> {
            Asyncio.sleep(0.1);
            return Map.of("request", request.pathParam("id", int.class), "status", "ok");
        });
        DemoSite site = new DemoSite(app.start("127.0.0.1", 0));
        System.out.println("No URLs given: fetching from the demo site at " + site.url(""));
        return site;
    }

    /** What {@code /files/NAME} serves: {@value #FILE_LINES} numbered lines naming the file. */
    static String fileContent(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= FILE_LINES; i++) {
            b.append(name)
                    .append(": line ")
                    .append(i)
                    .append(" of ")
                    .append(FILE_LINES)
                    .append('\n');
        }
        return b.toString();
    }

    /** The absolute URL of {@code path} on this site. */
    String url(String path) {
        return runner.url() + path;
    }

    /** An example's main logic, given the URLs to fetch. */
    @FunctionalInterface
    interface Program {
        void run(List<String> urls) throws Exception;
    }

    /**
     * Runs {@code program} on the URLs given on the command line, or, when there are none, on
     * {@code demoPaths} of a demo site started for the while (in the current task); a demo "path" that
     * is already an absolute URL is used as it is.
     */
    static void withUrls(String[] args, List<String> demoPaths, Program program) throws Exception {
        if (args.length > 0) {
            program.run(List.of(args));
            return;
        }
        try (DemoSite site = start()) {
            program.run(demoPaths.stream()
                    .map(p -> p.startsWith("/") ? site.url(p) : p)
                    .toList());
        }
    }

    /** Stops the site gracefully. */
    @Override
    public void close() throws Exception {
        runner.close();
    }
}

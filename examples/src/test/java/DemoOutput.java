import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an HTTP example printed when it ran on its own demo site: the first line says where the site
 * is ("No URLs given: fetching from the demo site at http://127.0.0.1:PORT"); the other lines are
 * returned with that base URL written {@code SITE}, so that a test can compare them exactly.
 */
final class DemoOutput {
    private static final Pattern FIRST =
            Pattern.compile("No URLs given: fetching from the demo site at (http://127\\.0\\.0\\.1:\\d+)");

    private DemoOutput() {}

    static List<String> afterSiteLine(List<String> lines) {
        assertThat(lines).as("the program's output").isNotEmpty();
        Matcher m = FIRST.matcher(lines.getFirst());
        assertThat(m.matches())
                .as("first line %s names the demo site", lines.getFirst())
                .isTrue();
        String site = m.group(1);
        return lines.subList(1, lines.size()).stream()
                .map(l -> l.replace(site, "SITE"))
                .toList();
    }
}

package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in every Markdown file of the repository resolves to a file or folder inside
 * the repository, and no document names the files of the project's private notes (which a reader of
 * the repository does not have) as if they were there.
 */
class DocLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}, target up to the first blank or ')'. */
    private static final Pattern INLINE_LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    /** {@code [label]: target} reference definitions. */
    private static final Pattern REFERENCE_LINK = Pattern.compile("^\\s*\\[[^\\]]+\\]:\\s+(\\S+)");
    /** Links that leave the repository on purpose: web addresses and in-page anchors. */
    private static final Pattern EXTERNAL = Pattern.compile("^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#).*");

    private static final Pattern OUTSIDE_NOTES = Pattern.compile("shared/(?:API|DESIGN|STYLE)\\.md|shared/seeds");

    @Test
    void everyRelativeLinkInEveryMarkdownFileResolvesInsideTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<Path> docs = markdownFiles(root);
        assertThat(docs)
                .as("Markdown files under " + root)
                .hasSizeGreaterThan(5)
                .contains(
                        root.resolve("README.md"),
                        root.resolve("ARCHITECTURE.md"),
                        root.resolve("docs/api.md"),
                        root.resolve("docs/design.md"));
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    inFence = !inFence;
                    continue;
                }
                if (inFence) {
                    continue;
                }
                for (String target : targets(line)) {
                    if (EXTERNAL.matcher(target).matches()) {
                        continue;
                    }
                    checked++;
                    String where = root.relativize(doc) + ":" + (i + 1) + ": " + target;
                    String file = target.replaceFirst("#.*$", "");
                    Path resolved = doc.getParent().resolve(file).normalize();
                    if (!resolved.startsWith(root)) {
                        broken.add(where + " (outside the repository)");
                    } else if (!Files.exists(resolved)) {
                        broken.add(where + " (no such file)");
                    }
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(20);
        assertThat(broken).as("broken relative links").isEmpty();
    }

    @Test
    void noDocumentPointsAtTheProjectsNotesOutsideTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<String> found = new ArrayList<>();
        for (Path doc : markdownFiles(root)) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE_NOTES.matcher(lines.get(i)).find()) {
                    found.add(root.relativize(doc) + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    private static List<String> targets(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = INLINE_LINK.matcher(line);
        while (m.find()) {
            out.add(m.group(1));
        }
        Matcher r = REFERENCE_LINK.matcher(line);
        if (r.find()) {
            out.add(r.group(1));
        }
        return out;
    }

    /** The Markdown files of the repository, leaving out build output and tool folders. */
    private static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            String s = part.toString();
                            if (s.equals("target") || s.startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        }
    }

    /** The folder with the root pom.xml and core/, found upwards from the working directory (core/ under surefire). */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("core/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (a folder with pom.xml and core/pom.xml) above "
                + Path.of("").toAbsolutePath());
    }
}

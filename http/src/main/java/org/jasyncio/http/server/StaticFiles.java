package org.jasyncio.http.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Maps a request path under a static prefix to a file, refusing every way out of the root: each
 * segment must be a plain name (no {@code ..}, {@code .}, empty, hidden, backslash or NUL), and the
 * real path (symbolic links followed) must still be inside the root's real path. A refusal is a 404,
 * never a 403, so that a probe learns nothing about what exists outside.
 */
final class StaticFiles {
    private StaticFiles() {}

    static Path resolve(Path root, String relative) {
        Path p = root;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty()
                    || segment.startsWith(".")
                    || segment.indexOf('\\') >= 0
                    || segment.indexOf('\0') >= 0
                    || segment.indexOf(':') >= 0) {
                throw new HttpNotFound();
            }
            try {
                p = p.resolve(segment);
            } catch (InvalidPathException e) {
                throw new HttpNotFound();
            }
        }
        try {
            Path real = p.toRealPath();
            if (!real.startsWith(root) || !Files.isRegularFile(real)) {
                throw new HttpNotFound();
            }
            return real;
        } catch (IOException e) {
            throw new HttpNotFound();
        }
    }
}

package org.jasyncio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.jasyncio.EventLoop;
import picocli.CommandLine.IVersionProvider;

/** {@code jasyncio --version}: jasyncio's version, the JVM, and the strand engine it gets here. */
final class VersionProvider implements IVersionProvider {
    /** jasyncio's version, from the build ({@code version.properties}, filtered by Maven). */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jasyncio's version.properties", e);
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        String engine;
        try (EventLoop loop = EventLoop.newEventLoop()) {
            engine = loop.strandEngine();
        }
        return new String[] {
            "jasyncio " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
                    + System.getProperty("java.home"),
            "strand engine: " + engine,
        };
    }
}

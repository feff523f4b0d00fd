package org.jasyncio.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The test JVM's resolver, for core's tests and (through core's test-jar) the http module's: a few names
 * under {@code .test} (RFC 6761, never in real DNS) resolve to fixed addresses, every other lookup goes
 * to the JDK's own resolver. Gives a test a host with an address this machine does not have, whatever
 * its network, and records the thread of each lookup of its names, so that a test sees where it ran.
 * Each module's tests register it in their {@code META-INF/services} (the test-jar carries the fixtures'
 * classes only).
 */
public final class TestNamesResolver extends InetAddressResolverProvider {
    /** Both loopbacks, IPv4 first. */
    public static final String TWO_LOOPBACKS = "two-loopbacks.jasyncio.test";
    /** The same, under another name (the JDK caches each name's addresses for 30 s). */
    public static final String TWO_LOOPBACKS_AGAIN = "two-loopbacks-again.jasyncio.test";
    /**
     * An address of TEST-NET-2 (RFC 5737), which no host here has, and then the IPv4 loopback: a server
     * skips the first and binds the second. (Not TEST-NET-1: a container's own address may be in it,
     * 192.0.2.1 itself on some.)
     */
    public static final String ONE_UNAVAILABLE = "one-unavailable.jasyncio.test";
    /** Addresses of TEST-NET-2 and TEST-NET-3 only. */
    public static final String NONE_AVAILABLE = "none-available.jasyncio.test";

    /**
     * Asserts that {@code bind}, a server's bind to {@link #NONE_AVAILABLE} port 0, fails with the error
     * a server gives when no address binds: one that names the host, the port and each address with its
     * own error (each also a suppressed exception of it), here "cannot assign requested address".
     */
    public static void assertNoAddressOfNoneAvailableBinds(ThrowingCallable bind) {
        assertThatThrownBy(bind)
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("host " + NONE_AVAILABLE + " port 0")
                .hasMessageContaining("198.51.100.1 (")
                .hasMessageContaining("203.0.113.1 (")
                .hasMessageContaining("assign requested address") // "Cannot" or macOS's "Can't"
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
    }

    private static final Map<String, List<String>> NAMES = Map.of(
            TWO_LOOPBACKS, List.of("127.0.0.1", "::1"),
            TWO_LOOPBACKS_AGAIN, List.of("127.0.0.1", "::1"),
            ONE_UNAVAILABLE, List.of("198.51.100.1", "127.0.0.1"),
            NONE_AVAILABLE, List.of("198.51.100.1", "203.0.113.1"));

    /** The threads that looked up one of these names, in order. */
    public static final List<Thread> LOOKUPS = new CopyOnWriteArrayList<>();

    /** Used by the JDK's service loader. */
    public TestNamesResolver() {}

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                List<String> fixed = NAMES.get(host.toLowerCase(Locale.ROOT));
                if (fixed == null) {
                    return builtin.lookupByName(host, policy);
                }
                LOOKUPS.add(Thread.currentThread());
                return fixed.stream().map(InetAddress::ofLiteral);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "jasyncio test names";
    }
}

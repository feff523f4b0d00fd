package org.jasyncio.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The core test JVM's resolver (registered in META-INF/services): a few names under {@code .test}
 * (RFC 6761, never in real DNS) resolve to fixed addresses, every other lookup goes to the JDK's own
 * resolver. Gives a test a host with an address this machine does not have, whatever its network.
 */
public final class TestNamesResolver extends InetAddressResolverProvider {
    /**
     * An address of TEST-NET-2 (RFC 5737), which no host here has, and the IPv4 loopback. (Not
     * TEST-NET-1: a container's own address may be in it.)
     */
    static final String ONE_UNAVAILABLE = "one-unavailable.core.jasyncio.test";
    /** Addresses of TEST-NET-2 and TEST-NET-3 only. */
    static final String NONE_AVAILABLE = "none-available.core.jasyncio.test";

    private static final Map<String, List<String>> NAMES = Map.of(
            ONE_UNAVAILABLE, List.of("198.51.100.1", "127.0.0.1"),
            NONE_AVAILABLE, List.of("198.51.100.1", "203.0.113.1"));

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
        return "jasyncio core test names";
    }
}

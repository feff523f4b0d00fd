package org.jasyncio.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.SocketException;
import java.nio.channels.UnsupportedAddressTypeException;
import org.junit.jupiter.api.Test;

/**
 * Which bind errors a server on several addresses skips ({@link Loops#addressUnavailable}): those
 * that say the address cannot be had here, as the JDK reports them on Linux and macOS; not a port in
 * use or a permission.
 */
class BindErrorsTest {
    @Test
    void anAddressThisHostCannotHaveIsSkippableAndOtherErrorsAreNot() {
        assertThat(Loops.addressUnavailable(new BindException("Cannot assign requested address")))
                .isTrue(); // EADDRNOTAVAIL
        assertThat(Loops.addressUnavailable(new BindException("Can't assign requested address")))
                .isTrue(); // EADDRNOTAVAIL as macOS spells it
        assertThat(Loops.addressUnavailable(new SocketException("Address family not supported by protocol")))
                .isTrue(); // EAFNOSUPPORT
        assertThat(Loops.addressUnavailable(new SocketException("Protocol family unavailable")))
                .isTrue(); // the JDK's word for an IPv6 socket on a host without IPv6
        assertThat(Loops.addressUnavailable(new UnsupportedAddressTypeException()))
                .isTrue();
        assertThat(Loops.bindError(new UnsupportedAddressTypeException()))
                .as("named, not null")
                .isEqualTo("an address family this JVM's sockets do not support");
        assertThat(Loops.addressUnavailable(new BindException("Address already in use")))
                .isFalse();
        assertThat(Loops.addressUnavailable(new BindException("Permission denied")))
                .isFalse();
        assertThat(Loops.addressUnavailable(new java.io.IOException("Cannot assign requested address")))
                .as("not a socket error")
                .isFalse();
    }
}

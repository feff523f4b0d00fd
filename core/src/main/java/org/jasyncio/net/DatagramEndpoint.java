package org.jasyncio.net;

/**
 * A datagram transport and its protocol, as {@code loop.create_datagram_endpoint()} returns them.
 *
 * @param transport the transport
 * @param protocol the protocol the factory made
 * @param <P> the protocol type
 */
public record DatagramEndpoint<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {}

package org.jasyncio.net;

/**
 * A connected transport and its protocol, as {@code loop.create_connection()} returns them in asyncio.
 *
 * @param transport the transport
 * @param protocol the protocol the factory made
 * @param <P> the protocol type
 */
public record TransportProtocol<P extends BaseProtocol>(Transport transport, P protocol) {}

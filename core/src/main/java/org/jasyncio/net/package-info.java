/**
 * Networking on the event loop: high-level streams ({@link org.jasyncio.net.Streams},
 * {@link org.jasyncio.net.StreamReader}, {@link org.jasyncio.net.StreamWriter},
 * {@link org.jasyncio.net.Server}), the protocol/transport layer (the loop's
 * {@link org.jasyncio.EventLoop#createConnection createConnection} and its kin,
 * {@link org.jasyncio.net.Protocol}, {@link org.jasyncio.net.BufferedProtocol},
 * {@link org.jasyncio.net.Transport}), datagrams and TLS ({@link org.jasyncio.net.TlsOptions}).
 *
 * <p>All socket I/O runs on the loop thread, driven by its NIO selector: no thread per connection,
 * no blocking call on the loop. Name resolution runs on the loop's default executor.
 */
package org.jasyncio.net;

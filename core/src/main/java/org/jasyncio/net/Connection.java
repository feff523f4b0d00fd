package org.jasyncio.net;

/**
 * The two halves of a stream connection, as {@code asyncio.open_connection()} returns them.
 *
 * <pre>{@code
 * var conn = Streams.openConnection("127.0.0.1", 8888);
 * conn.writer().write("ping\n".getBytes());
 * byte[] answer = conn.reader().readline();
 * }</pre>
 *
 * @param reader the reading half
 * @param writer the writing half
 */
public record Connection(StreamReader reader, StreamWriter writer) {}

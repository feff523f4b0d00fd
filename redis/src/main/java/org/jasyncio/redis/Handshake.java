package org.jasyncio.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.redis.resp.RespValue;

/**
 * A new connection's setup: {@code HELLO 3 [AUTH user pass] [SETNAME name]}; if the server refuses
 * HELLO (unknown command: Redis before 6, or HELLO renamed away; or {@code NOPROTO}), RESP2 with
 * {@code AUTH} and {@code CLIENT SETNAME}; then {@code SELECT db}. An authentication failure is
 * never retried as RESP2: it is thrown.
 */
final class Handshake {
    private Handshake() {}

    static void run(RedisConnection c, RedisOptions o, int database, RedisLink owner) throws IOException {
        boolean resp3 = false;
        if (o.protocol() == 3) {
            List<Object> hello = new ArrayList<>(List.of("HELLO", "3"));
            if (o.password() != null) {
                hello.addAll(List.of("AUTH", o.user() == null ? "default" : o.user(), o.password()));
            }
            if (o.clientName() != null) {
                hello.addAll(List.of("SETNAME", o.clientName()));
            }
            RespValue r = owner.awaitReply(c.send(Commands.encode(hello.toArray())), null);
            if (r instanceof RespValue.Error e) {
                if (!refusesHello(e)) {
                    throw new RedisError(e.message());
                }
            } else {
                resp3 = true;
            }
        }
        c.protocol(resp3 ? 3 : 2);
        if (!resp3) {
            if (o.password() != null) {
                Object[] auth = o.user() == null
                        ? new Object[] {"AUTH", o.password()}
                        : new Object[] {"AUTH", o.user(), o.password()};
                Replies.check(owner.awaitReply(c.send(Commands.encode(auth)), null));
            }
            if (o.clientName() != null) {
                Replies.check(owner.awaitReply(c.send(Commands.encode("CLIENT", "SETNAME", o.clientName())), null));
            }
        }
        if (database != 0) {
            Replies.check(owner.awaitReply(c.send(Commands.encode("SELECT", database)), null));
        }
    }

    private static boolean refusesHello(RespValue.Error e) {
        return e.code().equals("NOPROTO") || e.message().startsWith("ERR unknown command");
    }
}

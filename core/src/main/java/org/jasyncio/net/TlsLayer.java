package org.jasyncio.net;

import org.jasyncio.EventLoop;
import org.jasyncio.Future;

final class TlsLayer implements Protocol {
    TlsLayer(EventLoop loop, BaseProtocol app, TlsOptions tls, boolean serverSide) {
        throw new UnsupportedOperationException("TLS: not yet");
    }

    void setWaiter(Future<Void> w) {
    }

    Transport appTransport() {
        return null;
    }
}

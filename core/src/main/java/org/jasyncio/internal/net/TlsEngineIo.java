package org.jasyncio.internal.net;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jasyncio.net.TlsOptions;

/**
 * The record I/O of a {@link TlsLayer}: the {@link SSLEngine}, set up from {@link TlsOptions}, and
 * its three buffers (ciphertext in, plaintext in, ciphertext out), grown as the engine asks; also what
 * the engine can tell of the session and of a failed handshake. It knows nothing of the handshake's
 * progress, the transports or the protocol: {@link TlsLayer}, the state machine, decides when to wrap
 * and unwrap and what the results mean. Loop thread only.
 */
final class TlsEngineIo {
    /** The names {@link #sessionInfo} answers, of the transport's {@code getExtraInfo}. */
    static final Set<String> SESSION_INFO =
            Set.of("sslcontext", "ssl_object", "peercert", "cipher", "tls_version", "alpn_protocol");

    private final TlsOptions tls;
    private final SSLEngine engine;
    /** Ciphertext received and not yet unwrapped, in write mode (position = end of data). */
    private ByteBuffer netIn;
    /** Plaintext produced by unwrap, in write mode. */
    private ByteBuffer appIn;
    /** Ciphertext produced by one wrap. */
    private ByteBuffer netOut;

    /** An engine for the client or server side of {@code tls}: SNI, host name check and ALPN as it says. */
    TlsEngineIo(TlsOptions tls, boolean serverSide) {
        this.tls = tls;
        String name = tls.serverName();
        this.engine = !serverSide && name != null
                ? tls.context().createSSLEngine(name, -1)
                : tls.context().createSSLEngine();
        engine.setUseClientMode(!serverSide);
        SSLParameters params = engine.getSSLParameters();
        if (!serverSide && name != null) {
            if (tls.verify()) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!isIpLiteral(name)) {
                params.setServerNames(List.of(new SNIHostName(name)));
            }
        }
        if (!tls.alpn().isEmpty()) {
            params.setApplicationProtocols(tls.alpn().toArray(new String[0]));
        }
        engine.setSSLParameters(params);
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        netOut = ByteBuffer.allocate(packet);
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    SSLEngine engine() {
        return engine;
    }

    /** Appends ciphertext received from the peer. */
    void received(byte[] data) {
        if (netIn.remaining() < data.length) {
            netIn = grown(netIn, Math.max(netIn.capacity() * 2, netIn.position() + data.length));
        }
        netIn.put(data);
    }

    /** Whether ciphertext is waiting to be unwrapped. */
    boolean hasCiphertext() {
        return netIn.position() > 0;
    }

    /** Wraps from {@code src} (handshake data if it is empty) into one record, handed to {@code out} if not empty. */
    SSLEngineResult wrap(ByteBuffer src, Consumer<byte[]> out) throws SSLException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                continue;
            }
            if (r.bytesProduced() > 0) {
                out.accept(Arrays.copyOf(netOut.array(), netOut.position()));
            }
            return r;
        }
    }

    /**
     * Unwraps one record from the ciphertext received; the plaintext it yields waits for
     * {@link #takePlaintext()}. On BUFFER_UNDERFLOW the input buffer is made large enough for a record.
     */
    SSLEngineResult unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult r;
        try {
            while (true) {
                r = engine.unwrap(netIn, appIn);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    appIn = grown(appIn, appIn.capacity() * 2);
                    continue;
                }
                break;
            }
        } finally {
            netIn.compact();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            int packet = engine.getSession().getPacketBufferSize();
            if (netIn.capacity() < packet) {
                netIn = grown(netIn, packet);
            }
        }
        return r;
    }

    /** The plaintext unwrapped since the last call, or {@code null} if none. */
    byte[] takePlaintext() {
        if (appIn.position() == 0) {
            return null;
        }
        appIn.flip();
        byte[] data = new byte[appIn.remaining()];
        appIn.get(data);
        appIn.clear();
        return data;
    }

    /** What the transport's {@code getExtraInfo(name)} says of the TLS session, for a name in {@link #SESSION_INFO}. */
    Object sessionInfo(String name) {
        return switch (name) {
            case "sslcontext" -> tls.context();
            case "ssl_object" -> engine;
            case "peercert" -> {
                try {
                    yield engine.getSession().getPeerCertificates();
                } catch (SSLPeerUnverifiedException e) {
                    yield null;
                }
            }
            case "cipher" -> engine.getSession().getCipherSuite();
            case "tls_version" -> engine.getSession().getProtocol();
            case "alpn_protocol" -> {
                String p = engine.getApplicationProtocol();
                yield p == null || p.isEmpty() ? null : p;
            }
            default -> throw new IllegalArgumentException("not a TLS session info name: " + name);
        };
    }

    /** The engine's handshake failure {@code e}, with the peer and, where it can tell, the likely cause. */
    SSLHandshakeException describeHandshakeFailure(SSLException e, Object peer) {
        String msg = String.valueOf(e.getMessage());
        String hint = "";
        if (msg.contains("PKIX") || msg.contains("unable to find valid certification path")) {
            hint = " (certificate verify failed: the peer's certificate is not trusted by this context;"
                    + " self-signed or unknown issuer?)";
        } else if (msg.contains("No subject alternative") || msg.contains("No name matching")) {
            hint = " (certificate verify failed: the certificate does not match the server name '" + tls.serverName()
                    + "')";
        } else if (msg.contains("certificate_unknown") || msg.contains("bad_certificate")) {
            hint = " (the peer rejected our certificate)";
        }
        SSLHandshakeException h = new SSLHandshakeException("TLS handshake with " + peer + " failed: " + msg + hint);
        h.initCause(e);
        return h;
    }

    /** A buffer of {@code capacity} holding what {@code b} holds; both in write mode. */
    private static ByteBuffer grown(ByteBuffer b, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        b.flip();
        bigger.put(b);
        return bigger;
    }
}

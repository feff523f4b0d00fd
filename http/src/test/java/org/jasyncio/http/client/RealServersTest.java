package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jasyncio.net.TlsOptions;
import org.jasyncio.testfixtures.Certificates;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against Python's http.server, plain and over TLS with throwaway certificates that openssl
 * makes here: one for localhost and 127.0.0.1, one for another name only.
 */
class RealServersTest {
    @TempDir
    static Path dir;

    static Path site;
    static PythonServer plain;
    static PythonServer tls;
    static PythonServer wrongName;
    static PythonServer mutual;
    static SSLContext trusting;
    static KeyManagerFactory clientKeys;

    @BeforeAll
    static void start() throws Exception {
        site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<html><title>Home</title></html>");
        Files.write(site.resolve("data.bin"), new byte[300_000]);
        Certificates.localhost(dir, "good");
        Certificates.selfSigned(dir, "other", "/CN=other.test", "subjectAltName=DNS:other.test");
        plain = PythonServer.start(site, null, null);
        tls = PythonServer.start(site, dir.resolve("good.pem"), dir.resolve("good.key"));
        wrongName = PythonServer.start(site, dir.resolve("other.pem"), dir.resolve("other.key"));
        trusting = Certificates.trusting(dir.resolve("good.pem"), dir.resolve("other.pem"));
        Certificates.selfSigned(dir, "client", "/CN=test-client", "extendedKeyUsage=clientAuth");
        clientKeys = Certificates.keys(dir, "client");
        mutual = PythonServer.start(site, dir.resolve("good.pem"), dir.resolve("good.key"), dir.resolve("client.pem"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (PythonServer s : new PythonServer[] {plain, tls, wrongName, mutual}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @AsyncTest
    void pythonsHttpServerServesFilesOverKeepAlive() throws Exception {
        try (var session = new ClientSession()) {
            assertThat(session.get(plain.url("http", "127.0.0.1", "/index.html"))
                            .text())
                    .contains("<title>Home</title>");
            assertThat(session.get(plain.url("http", "127.0.0.1", "/data.bin")).bytes())
                    .hasSize(300_000);
            var missing = session.get(plain.url("http", "127.0.0.1", "/nope"));
            assertThat(missing.status()).isEqualTo(404);
            missing.close();
            assertThat(session.pool().reused()).isEqualTo(2);
        }
    }

    @AsyncTest
    void httpsWithATrustedCertificateWorksAndReusesTheConnection() throws Exception {
        try (var session =
                ClientSession.builder().tls(TlsOptions.client(trusting)).build()) {
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                assertThat(session.get(tls.url("https", host, "/index.html")).text())
                        .contains("Home");
                assertThat(session.get(tls.url("https", host, "/data.bin")).bytes())
                        .hasSize(300_000);
            }
            assertThat(session.pool().created()).isEqualTo(2); // one per origin
            assertThat(session.pool().reused()).isEqualTo(2);
        }
    }

    @AsyncTest
    void aClientCertificateFromTheSslContextsKeyManagersIsPresented() throws Exception {
        SSLContext withClientCert = SSLContext.getInstance("TLS");
        withClientCert.init(
                clientKeys.getKeyManagers(),
                Certificates.trust(dir.resolve("good.pem")).getTrustManagers(),
                null);
        try (var session =
                ClientSession.builder().tls(TlsOptions.client(withClientCert)).build()) {
            assertThat(session.get(mutual.url("https", "localhost", "/index.html"))
                            .text())
                    .contains("Home");
        }
        try (var session =
                ClientSession.builder().tls(TlsOptions.client(trusting)).build()) {
            // no certificate to show: the server ends the handshake (TLS 1.3 says so after the client's Finished)
            assertThatThrownBy(() -> session.get(mutual.url("https", "localhost", "/index.html"))
                            .text())
                    .isInstanceOf(ClientConnectionError.class);
            assertThat(session.pool().open()).isZero();
        }
    }

    /** A CONNECT-only proxy: opens the tunnel to the target it is asked for and pipes both ways. */
    static org.jasyncio.net.Server tunnellingProxy(java.util.List<String> asked) throws Exception {
        return org.jasyncio.net.Streams.startServer(
                (r, w) -> {
                    var req = Fixtures.readRequest(r, 1, 1);
                    asked.add(req.method() + " " + req.target() + " auth=" + req.header("proxy-authorization"));
                    String[] hp = req.target().split(":");
                    var up = org.jasyncio.net.Streams.openConnection("127.0.0.1", Integer.parseInt(hp[1]));
                    w.write("HTTP/1.1 200 Connection established\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    w.drain();
                    try (var tg = new org.jasyncio.TaskGroup()) {
                        tg.createTask(() -> pipe(r, up.writer()));
                        tg.createTask(() -> pipe(up.reader(), w));
                    }
                },
                "127.0.0.1",
                0);
    }

    static void pipe(org.jasyncio.net.StreamReader from, org.jasyncio.net.StreamWriter to) throws Exception {
        try {
            for (byte[] b; (b = from.read(65536)).length > 0; ) {
                to.write(b);
                to.drain();
            }
        } finally {
            to.close();
        }
    }

    @AsyncTest
    void httpsThroughAProxyGoesThroughAConnectTunnelWithTlsEndToEnd() throws Exception {
        var asked = new java.util.ArrayList<String>();
        var proxy = tunnellingProxy(asked);
        int proxyPort = proxy.sockets().get(0).getPort();
        try (var session = ClientSession.builder()
                .tls(TlsOptions.client(trusting))
                .proxy("http://me:secret@127.0.0.1:" + proxyPort, null)
                .build()) {
            assertThat(session.get(tls.url("https", "localhost", "/index.html")).text())
                    .contains("Home");
            assertThat(session.get(tls.url("https", "localhost", "/data.bin")).bytes())
                    .hasSize(300_000);
            assertThat(asked).containsExactly("CONNECT localhost:" + tls.port + " auth=Basic bWU6c2VjcmV0");
            assertThat(session.pool().reused()).isEqualTo(1); // the tunnel is a keep-alive connection too
        } finally {
            proxy.close();
            proxy.closeClients();
            proxy.waitClosed();
        }
    }

    @AsyncTest
    void anUntrustedCertificateIsAClientSslErrorSayingSo() throws Exception {
        try (var session = new ClientSession()) { // the system's trust store does not know the test certificate
            assertThatThrownBy(() -> session.get(tls.url("https", "127.0.0.1", "/")))
                    .isInstanceOf(ClientSslError.class)
                    .hasMessageContaining("TLS handshake with https://127.0.0.1:" + tls.port + " failed")
                    .hasMessageContaining("the certificate is not trusted");
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest
    void aCertificateForAnotherNameIsAClientSslErrorSayingSo() throws Exception {
        try (var session =
                ClientSession.builder().tls(TlsOptions.client(trusting)).build()) {
            assertThatThrownBy(() -> session.get(wrongName.url("https", "127.0.0.1", "/")))
                    .isInstanceOf(ClientSslError.class)
                    .hasMessageContaining("the certificate is not for this host name");
        }
        try (var session = ClientSession.builder().tls(TlsOptions.insecure()).build()) {
            assertThat(session.get(wrongName.url("https", "127.0.0.1", "/index.html"))
                            .text())
                    .contains("Home");
        }
    }
}

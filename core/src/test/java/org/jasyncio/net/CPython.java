package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The outside programs of the tests that check jasyncio against CPython's asyncio: {@code python3} (the
 * peer and the oracle) and {@code openssl} (their throwaway certificate). A missing one fails the test
 * with a message that says what to install: these tests are never skipped in silence (CI has both).
 */
final class CPython {
    private CPython() {}

    /** The {@code python3} on PATH; fails the test if there is none. */
    static String python3() {
        return onPath("python3", "the tests against CPython's asyncio (peer and oracle) need python3 3.11 or later");
    }

    /** The {@code openssl} on PATH; fails the test if there is none. */
    static String openssl() {
        return onPath("openssl", "the tests against CPython's asyncio make their throwaway certificate with openssl");
    }

    private static String onPath(String program, String why) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail(program + " is not on PATH (" + System.getenv("PATH") + "): " + why + "; install it");
    }

    /** A test resource of this package as a file. */
    static Path resource(String name) {
        try {
            return Path.of(CPython.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            return fail("test resource org/jasyncio/net/" + name + " is missing from the test classpath");
        }
    }

    /** Runs a short command to its end (blocking: call it from a thread, not a task); fails unless it exits 0. */
    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as(cmd + " did not end within 60 s")
                .isTrue();
        assertThat(p.exitValue()).as(cmd + ": " + out).isZero();
        return out;
    }

    /** A self-signed EC certificate for localhost and 127.0.0.1, valid 2 days: {@code cert.pem} and {@code key.pem} in {@code dir}. */
    static void makeCertificate(Path dir) throws Exception {
        run(List.of(
                openssl(),
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                dir.resolve("key.pem").toString(),
                "-out",
                dir.resolve("cert.pem").toString(),
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1"));
    }

    /** A client context that trusts exactly the certificate in {@code cert.pem}. */
    static SSLContext trusting(Path certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
                "peer",
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certPem))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A server context with the key and certificate of {@link #makeCertificate} (through a PKCS12 file openssl writes). */
    static SSLContext serving(Path dir) throws Exception {
        Path p12 = dir.resolve("server.p12");
        run(List.of(
                openssl(),
                "pkcs12",
                "-export",
                "-in",
                dir.resolve("cert.pem").toString(),
                "-inkey",
                dir.resolve("key.pem").toString(),
                "-name",
                "server",
                "-passout",
                "pass:changeit",
                "-out",
                p12.toString()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}

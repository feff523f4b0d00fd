package org.jasyncio.testfixtures;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway certificates for the TLS tests, made by {@code openssl} in a test's directory, and the
 * {@link SSLContext}s that trust or serve them.
 */
public final class Certificates {
    private static final String PASSWORD = "changeit";

    private Certificates() {}

    /**
     * A self-signed EC (P-256) certificate valid 2 days: {@code NAME.pem} and its key {@code NAME.key} in
     * {@code dir}. {@code extension} is one {@code openssl req -addext} value, e.g. {@code
     * subjectAltName=DNS:localhost,IP:127.0.0.1} or {@code extendedKeyUsage=clientAuth}.
     */
    public static void selfSigned(Path dir, String name, String subject, String extension) throws Exception {
        TestPrograms.run(
                dir,
                List.of(
                        TestPrograms.openssl(),
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:prime256v1",
                        "-nodes",
                        "-keyout",
                        name + ".key",
                        "-out",
                        name + ".pem",
                        "-days",
                        "2",
                        "-subj",
                        subject,
                        "-addext",
                        extension));
    }

    /** {@link #selfSigned} for {@code localhost} and {@code 127.0.0.1}. */
    public static void localhost(Path dir, String name) throws Exception {
        selfSigned(dir, name, "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    }

    /**
     * {@code NAME.pem} and {@code NAME.key} of {@link #selfSigned} as {@code NAME.p12} in {@code dir}
     * (password {@code changeit}, alias {@code NAME}): what a Java key store or a client certificate needs.
     */
    public static Path pkcs12(Path dir, String name) throws Exception {
        TestPrograms.run(
                dir,
                List.of(
                        TestPrograms.openssl(),
                        "pkcs12",
                        "-export",
                        "-in",
                        name + ".pem",
                        "-inkey",
                        name + ".key",
                        "-name",
                        name,
                        "-passout",
                        "pass:" + PASSWORD,
                        "-out",
                        name + ".p12"));
        return dir.resolve(name + ".p12");
    }

    /** The key managers of {@link #pkcs12}'s file: a server's certificate, or a client's. */
    public static KeyManagerFactory keys(Path dir, String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12(dir, name))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        return kmf;
    }

    /** A server context with the certificate and key {@code NAME.pem} and {@code NAME.key} in {@code dir}. */
    public static SSLContext serving(Path dir, String name) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys(dir, name).getKeyManagers(), null, null);
        return ctx;
    }

    /** The trust managers that trust exactly the certificates in the PEM files {@code certs}. */
    public static TrustManagerFactory trust(Path... certs) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (Path p : certs) {
            try (InputStream in = Files.newInputStream(p)) {
                ks.setCertificateEntry(p.getFileName().toString(), cf.generateCertificate(in));
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    /** A client context that trusts exactly the certificates in the PEM files {@code certs}. */
    public static SSLContext trusting(Path... certs) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust(certs).getTrustManagers(), null);
        return ctx;
    }
}

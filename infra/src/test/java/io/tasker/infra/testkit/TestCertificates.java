package io.tasker.infra.testkit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates made at run time for tests: a certificate authority, and certificates it signs (a server certificate
 * for {@code localhost}/{@code 127.0.0.1}, client certificates), written as PKCS12 key stores and trust stores.
 * EC P-256 keys, valid from one hour ago for one day.
 */
public final class TestCertificates {
    /** The password of every key store and trust store this class writes. */
    public static final String STORE_PASSWORD = "test-store-secret";
    /** The type of every store this class writes. */
    public static final String STORE_TYPE = "PKCS12";

    private static final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    /** A certificate authority that signs certificates and writes its own trust store. */
    public static final class Authority {
        private final String name;
        private final KeyPair keys;
        private final X509Certificate certificate;
        private final Path dir;

        private Authority(String name, KeyPair keys, X509Certificate certificate, Path dir) {
            this.name = name;
            this.keys = keys;
            this.certificate = certificate;
            this.dir = dir;
        }

        /** A new self-signed authority whose files go to {@code dir}. */
        public static Authority create(String name, Path dir) {
            try {
                KeyPair keys = keyPair();
                X500Name subject = new X500Name("CN=" + name + ",O=Tasker tests");
                X509v3CertificateBuilder b = builder(subject, subject, keys);
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
                return new Authority(name, keys, sign(b, keys), dir);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot create test certificate authority " + name, e);
            }
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** A PKCS12 trust store holding only this authority's certificate. */
        public synchronized Path truststore() {
            Path file = dir.resolve(name + "-truststore.p12");
            if (!Files.exists(file)) {
                try {
                    KeyStore ks = emptyStore();
                    ks.setCertificateEntry(name, certificate);
                    store(ks, file);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot write the trust store of " + name, e);
                }
            }
            return file;
        }

        /**
         * A PKCS12 key store with a key and a certificate for {@code commonName} signed by this authority, usable as a
         * TLS server (subject alternative names {@code localhost} and {@code 127.0.0.1}) and as a TLS client.
         */
        public synchronized Path keystore(String commonName) {
            Path file = dir.resolve(name + "-" + commonName + "-keystore.p12");
            if (Files.exists(file)) {
                return file;
            }
            try {
                KeyPair leafKeys = keyPair();
                X509v3CertificateBuilder b = builder(new X500Name("CN=" + name + ",O=Tasker tests"),
                        new X500Name("CN=" + commonName + ",O=Tasker tests"), leafKeys);
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(certificate));
                X509Certificate leaf = sign(b, keys);
                KeyStore ks = emptyStore();
                ks.setKeyEntry(commonName, leafKeys.getPrivate(), STORE_PASSWORD.toCharArray(),
                        new Certificate[] {leaf, certificate});
                store(ks, file);
                return file;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot issue a test certificate for " + commonName, e);
            }
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKeys) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance(STORE_TYPE);
            ks.load(null, null);
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void store(KeyStore ks, Path file) throws GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, STORE_PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

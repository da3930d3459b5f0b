package io.tasker.infra.testkit;

import io.tasker.infra.testkit.SecureEmbeddedKafka.Listener;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka client settings for the listeners of a {@link SecureEmbeddedKafka}: each map holds {@code bootstrap.servers}
 * and the security settings, as strings, so it can be given as is to a client or as {@code kafka.}-prefixed overrides
 * to a runner, topology or subscriber. The bad variants fail authentication: they are what a misconfigured deployment
 * looks like.
 */
public final class SecureClients {
    private final Map<Listener, String> bootstrap;
    private final TestCertificates.Authority ca;
    private final TestCertificates.Authority untrusted;

    SecureClients(Map<Listener, String> bootstrap, TestCertificates.Authority ca, TestCertificates.Authority untrusted) {
        this.bootstrap = bootstrap;
        this.ca = ca;
        this.untrusted = untrusted;
    }

    /** {@code SASL_PLAINTEXT} with mechanism {@code PLAIN} (a user given to the builder, or a super user). */
    public Map<String, String> saslPlain(String user, String password) {
        Map<String, String> p = base(Listener.SASL_PLAINTEXT);
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    /** {@code SASL_SSL} with mechanism {@code SCRAM-SHA-512}, trusting the test CA. */
    public Map<String, String> saslSslScram(String user, String password) {
        Map<String, String> p = base(Listener.SASL_SSL);
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        trust(p, ca);
        return p;
    }

    /** {@code SSL} with a client certificate for {@code commonName} signed by the test CA: principal {@code User:<commonName>}. */
    public Map<String, String> sslClientCert(String commonName) {
        Map<String, String> p = base(Listener.SSL);
        trust(p, ca);
        keystore(p, ca, commonName);
        return p;
    }

    /** {@link #saslSslScram} with a password the broker does not accept for {@code user}. */
    public Map<String, String> saslSslScramWrongPassword(String user) {
        return saslSslScram(user, "not-the-password");
    }

    /** {@link #saslPlain} with a password the broker does not accept for {@code user}. */
    public Map<String, String> saslPlainWrongPassword(String user) {
        return saslPlain(user, "not-the-password");
    }

    /** {@code SSL} with a client certificate signed by a CA the broker does not trust. */
    public Map<String, String> sslUntrustedClientCert(String commonName) {
        Map<String, String> p = base(Listener.SSL);
        trust(p, ca);
        keystore(p, untrusted, commonName);
        return p;
    }

    /** {@code SSL} with a valid client certificate, but trusting only another CA, so the broker's certificate is refused. */
    public Map<String, String> sslClientNotTrustingBroker(String commonName) {
        Map<String, String> p = base(Listener.SSL);
        trust(p, untrusted);
        keystore(p, ca, commonName);
        return p;
    }

    /** The same settings without {@code bootstrap.servers} (for components configured with their own bootstrap). */
    public static Map<String, String> withoutBootstrap(Map<String, String> props) {
        Map<String, String> p = new LinkedHashMap<>(props);
        p.remove("bootstrap.servers");
        return p;
    }

    /** The same settings with {@code prefix} before every key (e.g. {@code kafka.} for a runner's properties). */
    public static Map<String, String> prefixed(String prefix, Map<String, String> props) {
        Map<String, String> p = new LinkedHashMap<>();
        props.forEach((k, v) -> p.put(prefix + k, v));
        return p;
    }

    private Map<String, String> base(Listener listener) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrap.get(listener));
        p.put("security.protocol", listener.name());
        return p;
    }

    private static void trust(Map<String, String> p, TestCertificates.Authority authority) {
        p.put("ssl.truststore.location", authority.truststore().toString());
        p.put("ssl.truststore.password", TestCertificates.STORE_PASSWORD);
        p.put("ssl.truststore.type", TestCertificates.STORE_TYPE);
    }

    private static void keystore(Map<String, String> p, TestCertificates.Authority authority, String commonName) {
        p.put("ssl.keystore.location", authority.keystore(commonName).toString());
        p.put("ssl.keystore.password", TestCertificates.STORE_PASSWORD);
        p.put("ssl.key.password", TestCertificates.STORE_PASSWORD);
        p.put("ssl.keystore.type", TestCertificates.STORE_TYPE);
    }
}

package io.tasker.infra.testkit;

import io.tasker.infra.EmbeddedKafka;
import io.tasker.infra.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * A single-node KRaft broker in this JVM with the listeners a secured Kafka has, for integration tests:
 * <ul>
 *   <li>{@link Listener#SASL_PLAINTEXT} and {@link Listener#SASL_SSL}, each with mechanisms {@code PLAIN} (users fixed
 *       at start in the listener's JAAS config) and {@code SCRAM-SHA-512} (users added at any time with
 *       {@link #createScramUser});</li>
 *   <li>{@link Listener#SSL} with {@code ssl.client.auth=required}: a client certificate signed by the test CA is the
 *       identity, principal {@code User:<CN>};</li>
 *   <li>the controller listener and the broker's own connections authenticate as the super user {@link #BROKER_USER}
 *       over SASL/PLAIN, so no listener accepts anonymous clients.</li>
 * </ul>
 * With {@link Builder#withAuthorizer()} the broker runs the {@code StandardAuthorizer} (no ACL = denied) with super
 * users {@link #BROKER_USER} and {@link #ADMIN_USER}; {@link #allow} grants ACLs and waits until the broker applies
 * them. Certificates (a CA, the broker's, clients', and a second, untrusted CA) are made at start in a temporary
 * directory deleted on {@link #close()}. Start one per test class: it takes a few seconds.
 *
 * <p>The plain shared broker ({@link SharedTestCluster}) is unaffected. Client settings: {@link #clients()}. A module
 * whose tests use this class declares {@code org.bouncycastle:bcpkix-jdk18on} (test scope; the version is managed by
 * the parent pom): test-scoped dependencies of infra do not come with its test jar.
 */
public final class SecureEmbeddedKafka implements AutoCloseable {
    /** The broker's own identity (controller and inter-broker connections); a super user. */
    public static final String BROKER_USER = "broker";
    /** The tests' administrator ({@link #admin()}); a super user. */
    public static final String ADMIN_USER = "admin";
    static final String BROKER_PASSWORD = "broker-secret";
    static final String ADMIN_PASSWORD = "admin-secret";
    /** The CN of the broker's certificate. */
    static final String BROKER_CN = "localhost";

    /** The client-facing listeners, named after their security protocol. */
    public enum Listener { SASL_PLAINTEXT, SASL_SSL, SSL }

    private final EmbeddedKafka kafka;
    private final Map<Listener, String> bootstrap;
    private final Path dir;
    private final SecureClients clients;
    private final boolean authorizer;
    private final Admin admin;
    private final AuthorizerLog authorizerLog;

    private SecureEmbeddedKafka(EmbeddedKafka kafka, Map<Listener, String> bootstrap, Path dir, SecureClients clients,
            boolean authorizer) {
        this.kafka = kafka;
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.clients = clients;
        this.authorizer = authorizer;
        this.admin = Admin.create(new HashMap<>(clients.saslPlain(ADMIN_USER, ADMIN_PASSWORD)));
        this.authorizerLog = authorizer ? AuthorizerLog.attach() : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What to start. */
    public static final class Builder {
        private boolean authorizer;
        private final Map<String, String> plainUsers = new LinkedHashMap<>();

        /** Turns the {@code StandardAuthorizer} on: everything not granted by an ACL is denied (super users aside). */
        public Builder withAuthorizer() {
            authorizer = true;
            return this;
        }

        /** A {@code PLAIN} user (fixed for the broker's lifetime: PLAIN users live in the listener's JAAS config). */
        public Builder withPlainUser(String user, String password) {
            plainUsers.put(user, password);
            return this;
        }

        public SecureEmbeddedKafka start() {
            Path dir;
            try {
                dir = Files.createTempDirectory("tasker-secure-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestCertificates.Authority ca = TestCertificates.Authority.create("test-ca", dir);
            TestCertificates.Authority rogue = TestCertificates.Authority.create("untrusted-ca", dir);
            Map<Listener, Integer> ports = new EnumMap<>(Listener.class);
            for (Listener l : Listener.values()) ports.put(l, Ports.free());
            int controllerPort = Ports.free();

            Map<String, String> users = new LinkedHashMap<>();
            users.put(BROKER_USER, BROKER_PASSWORD);
            users.put(ADMIN_USER, ADMIN_PASSWORD);
            users.putAll(plainUsers);
            Map<String, String> p = brokerProperties(ports, controllerPort, users, ca, authorizer);

            Map<Listener, String> bootstrap = new EnumMap<>(Listener.class);
            ports.forEach((l, port) -> bootstrap.put(l, "127.0.0.1:" + port));
            EmbeddedKafka kafka;
            try {
                kafka = EmbeddedKafka.start(new EmbeddedKafka.Options(null, ports.get(Listener.SASL_PLAINTEXT),
                        controllerPort, p));
            } catch (RuntimeException e) {
                EmbeddedKafka.deleteRecursively(dir);
                throw e;
            }
            return new SecureEmbeddedKafka(kafka, bootstrap, dir, new SecureClients(bootstrap, ca, rogue), authorizer);
        }
    }

    static Map<String, String> brokerProperties(Map<Listener, Integer> ports, int controllerPort,
            Map<String, String> plainUsers, TestCertificates.Authority ca, boolean authorizer) {
        Map<String, String> p = new HashMap<>();
        List<String> listeners = new ArrayList<>(List.of("CONTROLLER://127.0.0.1:" + controllerPort));
        List<String> advertised = new ArrayList<>();
        ports.forEach((l, port) -> {
            listeners.add(l + "://127.0.0.1:" + port);
            advertised.add(l + "://127.0.0.1:" + port);
        });
        p.put("listeners", String.join(",", listeners));
        p.put("advertised.listeners", String.join(",", advertised));
        p.put("listener.security.protocol.map",
                "CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL");
        p.put("inter.broker.listener.name", Listener.SASL_PLAINTEXT.name());
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");

        StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + BROKER_USER + "\" password=\"" + BROKER_PASSWORD + "\"");
        plainUsers.forEach((u, pw) -> plain.append(" user_").append(u).append("=\"").append(pw).append('"'));
        plain.append(';');
        String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        for (String l : List.of("controller", "sasl_plaintext", "sasl_ssl")) {
            p.put("listener.name." + l + ".plain.sasl.jaas.config", plain.toString());
        }
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", scram);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", scram);

        p.put("ssl.keystore.location", ca.keystore(BROKER_CN).toString());
        p.put("ssl.keystore.password", TestCertificates.STORE_PASSWORD);
        p.put("ssl.key.password", TestCertificates.STORE_PASSWORD);
        p.put("ssl.keystore.type", TestCertificates.STORE_TYPE);
        p.put("ssl.truststore.location", ca.truststore().toString());
        p.put("ssl.truststore.password", TestCertificates.STORE_PASSWORD);
        p.put("ssl.truststore.type", TestCertificates.STORE_TYPE);
        p.put("listener.name.ssl.ssl.client.auth", "required");
        // the SSL principal is the certificate's CN, as the SASL principals are user names
        p.put("ssl.principal.mapping.rules", "RULE:^(.*,)?CN=([^,]+)(,.*)?$/$2/,DEFAULT");

        if (authorizer) {
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + BROKER_USER + ";User:" + ADMIN_USER);
        }
        return p;
    }

    /** The bootstrap address of a listener. */
    public String bootstrapServers(Listener listener) {
        return bootstrap.get(listener);
    }

    /** Ready-made client settings for each listener, good and bad. */
    public SecureClients clients() {
        return clients;
    }

    /** Settings of the super user {@link #ADMIN_USER} over SASL_PLAINTEXT/PLAIN (e.g. to provision topics). */
    public Map<String, String> adminProps() {
        return clients.saslPlain(ADMIN_USER, ADMIN_PASSWORD);
    }

    /** An admin client of the super user {@link #ADMIN_USER}; closed with the broker. */
    public Admin admin() {
        return admin;
    }

    public boolean authorizerEnabled() {
        return authorizer;
    }

    /**
     * Adds (or replaces the password of) a {@code SCRAM-SHA-512} user and returns once the broker authenticates it.
     */
    public void createScramUser(String user, String password) {
        get(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all());
        await("SCRAM user " + user + " accepted by the broker").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    try (Admin a = Admin.create(new HashMap<>(clients.saslSslScram(user, password)))) {
                        return a.describeCluster().clusterId().get() != null;
                    }
                });
    }

    /**
     * Grants {@code principal} (e.g. {@code User:runner-a}) {@code operations} on a resource from any host, and returns
     * once the broker applies them.
     *
     * @param pattern {@link PatternType#LITERAL} or {@link PatternType#PREFIXED}
     */
    public void allow(String principal, ResourceType type, String name, PatternType pattern, AclOperation... operations) {
        List<AclBinding> bindings = new ArrayList<>();
        for (AclOperation op : operations) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
        allow(bindings);
    }

    /** Creates {@code bindings} and returns once the broker applies them. */
    public void allow(Collection<AclBinding> bindings) {
        get(admin.createAcls(bindings).all());
        await("ACLs applied").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                get(admin.describeAcls(AclBindingFilter.ANY).values()).containsAll(bindings));
    }

    /**
     * What the authorizer denied {@code principal} (e.g. {@code User:runner-a}) so far, one line per denial as the
     * broker logs it ({@code Principal = User:x is Denied operation = READ ... on resource = Topic:LITERAL:t ...}); empty
     * without the authorizer. Proves an ACL list sufficient (no denial while a component works) and shows what to add.
     */
    public List<String> denials(String principal) {
        return authorizerLog == null ? List.of() : authorizerLog.denials(principal);
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            if (authorizerLog != null) authorizerLog.close();
            admin.close(Duration.ofSeconds(5));
            kafka.close();
        } finally {
            EmbeddedKafka.deleteRecursively(dir);
        }
    }
}

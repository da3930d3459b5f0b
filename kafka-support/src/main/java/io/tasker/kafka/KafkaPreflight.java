package io.tasker.kafka;

import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of a component's Kafka connection: one {@code describeCluster} with a short timeout, before
 * Kafka Streams, a runner, a subscriber or a CLI command starts, so that wrong credentials, an untrusted certificate
 * or a security protocol that does not match the listener give one clear error within seconds instead of clients
 * that retry (and log) forever.
 */
public final class KafkaPreflight {
    private static final Logger log = LoggerFactory.getLogger(KafkaPreflight.class);
    /** Default of {@link KafkaClientSettings#PREFLIGHT_TIMEOUT_MS}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private KafkaPreflight() {
    }

    /**
     * Checks that {@code component} can reach, authenticate to and describe the cluster at {@code bootstrapServers}
     * with {@code settings}; does nothing when the settings' {@linkplain KafkaClientSettings#preflightTimeout()
     * preflight timeout} is zero.
     *
     * @throws KafkaStartupException naming the cause and the setting to check
     */
    public static void check(String component, String bootstrapServers, KafkaClientSettings settings) {
        if (settings.preflightTimeout().isZero()) return;
        check(component, settings.admin(bootstrapServers), settings.preflightTimeout());
    }

    /** Like {@link #check(String, String, KafkaClientSettings)} with admin client properties and a timeout. */
    public static void check(String component, Map<String, Object> adminProps, Duration timeout) {
        long ms = timeout.toMillis();
        Map<String, Object> props = new java.util.HashMap<>(adminProps);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "tasker-preflight");
        // fail the calls, not retry them, once the timeout is spent
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(ms, 1));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(ms, 1));
        long started = System.nanoTime();
        try (Admin admin = Admin.create(props)) {
            String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) ms))
                    .clusterId().get(ms + 1_000, TimeUnit.MILLISECONDS);
            log.info("{}: Kafka cluster {} at {} reachable ({}) in {} ms", component, clusterId,
                    props.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), protocol(props),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (ExecutionException e) {
            throw explain(component, props, timeout, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw explain(component, props, timeout, new TimeoutException("describeCluster did not complete", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStartupException(KafkaStartupException.Reason.OTHER,
                    component + ": interrupted while checking the Kafka connection", e);
        } catch (KafkaException e) {
            // Admin.create fails on settings the client cannot use (a missing truststore file, a bad JAAS line)
            throw explain(component, props, timeout, e);
        }
    }

    /**
     * Checks that {@code component} may use consumer group {@code groupId}: one {@code describeConsumerGroups} (the
     * group's DESCRIBE, implied by READ) within the settings' preflight timeout, so that a principal whose group is not
     * granted fails the start naming the group and the ACL to grant, instead of a consumer that stops at its first
     * poll. A group that does not exist yet is fine. Does nothing when the preflight timeout is zero.
     *
     * @throws KafkaStartupException naming the group and the ACL (READ on the group) when it is not authorized, or
     *                               the cause (as {@link #check(String, String, KafkaClientSettings)}) of any other
     *                               failure
     */
    public static void checkGroup(String component, String bootstrapServers, KafkaClientSettings settings,
            String groupId) {
        if (settings.preflightTimeout().isZero()) return;
        checkGroup(component, settings.admin(bootstrapServers), groupId, settings.preflightTimeout());
    }

    /** Like {@link #checkGroup(String, String, KafkaClientSettings, String)} with admin client properties and a timeout. */
    public static void checkGroup(String component, Map<String, Object> adminProps, String groupId, Duration timeout) {
        long ms = timeout.toMillis();
        Map<String, Object> props = new java.util.HashMap<>(adminProps);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "tasker-preflight");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(ms, 1));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(ms, 1));
        try (Admin admin = Admin.create(props)) {
            admin.describeConsumerGroups(java.util.List.of(groupId), new DescribeConsumerGroupsOptions().timeoutMs((int) ms))
                    .describedGroups().get(groupId).get(ms + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) return; // authorized; the consumer creates it
            throw explainGroup(component, props, groupId, timeout, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw explainGroup(component, props, groupId, timeout,
                    new TimeoutException("describeConsumerGroups did not complete", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStartupException(KafkaStartupException.Reason.OTHER,
                    component + ": interrupted while checking consumer group " + groupId, e);
        } catch (KafkaException e) {
            throw explainGroup(component, props, groupId, timeout, e);
        }
        log.debug("{}: consumer group {} may be used", component, groupId);
    }

    /** The clear error for {@code failure} of the consumer group check. Never returns the raw failure. */
    public static KafkaStartupException explainGroup(String component, Map<String, ?> props, String groupId,
            Duration timeout, Throwable failure) {
        if (failure instanceof GroupAuthorizationException) {
            return new KafkaStartupException(KafkaStartupException.Reason.AUTHORIZATION, component + ": Kafka at "
                    + props.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " (security.protocol=" + protocol(props)
                    + "): not authorized to use consumer group '" + groupId + "': grant the principal READ on group "
                    + groupId + " (kafka-acls.sh --add --allow-principal User:<name> --operation Read --group "
                    + groupId + "), or configure a group it is granted: " + failure.getMessage(), failure);
        }
        KafkaStartupException e = explain(component, props, timeout, failure);
        return new KafkaStartupException(e.reason(), e.getMessage() + " (while checking consumer group " + groupId + ")",
                failure);
    }

    /** The clear error for {@code failure} of the preflight with {@code props}. Never returns the raw failure. */
    public static KafkaStartupException explain(String component, Map<String, ?> props, Duration timeout, Throwable failure) {
        String servers = String.valueOf(props.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        String protocol = protocol(props);
        String at = component + ": Kafka at " + servers + " (security.protocol=" + protocol + ")";
        if (failure instanceof SaslAuthenticationException) {
            return new KafkaStartupException(KafkaStartupException.Reason.AUTHENTICATION, at
                    + ": authentication failed, the broker rejected the SASL credentials (check sasl.mechanism and the "
                    + "user name and password in sasl.jaas.config): " + failure.getMessage(), failure);
        }
        if (failure instanceof SslAuthenticationException) {
            if (untrustedCertificate(failure)) {
                Object truststore = props.get(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
                return new KafkaStartupException(KafkaStartupException.Reason.TLS, at
                        + ": TLS handshake failed, the broker's certificate is not trusted: put the CA that signed it in "
                        + "the truststore named by ssl.truststore.location ("
                        + (truststore == null ? "not set: the JVM's default truststore was used" : "now " + truststore)
                        + ")", failure);
            }
            return new KafkaStartupException(KafkaStartupException.Reason.TLS, at
                    + ": TLS handshake failed (check the ssl.* settings; a broker that requires client certificates "
                    + "needs ssl.keystore.location; a listener that is not TLS at all fails like this too): "
                    + rootMessage(failure), failure);
        }
        if (failure instanceof AuthorizationException) {
            return new KafkaStartupException(KafkaStartupException.Reason.AUTHORIZATION, at
                    + ": not authorized (the principal lacks an ACL; see the README's minimal ACLs): "
                    + failure.getMessage(), failure);
        }
        if (failure instanceof TimeoutException) {
            return new KafkaStartupException(KafkaStartupException.Reason.TIMEOUT, at
                    + ": no answer within " + timeout.toMillis() + " ms. Check that bootstrap.servers (" + servers
                    + ") is reachable from here and that security.protocol (" + protocol + ") is the one of that "
                    + "listener: a SASL/SSL setting against a PLAINTEXT listener (or the reverse) looks like a timeout",
                    failure);
        }
        return new KafkaStartupException(KafkaStartupException.Reason.OTHER, at + ": " + rootMessage(failure), failure);
    }

    private static String protocol(Map<String, ?> props) {
        Object p = props.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        return p == null ? CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL : p.toString();
    }

    private static boolean untrustedCertificate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertPathValidatorException) return true;
            if (c.getClass().getName().equals("sun.security.provider.certpath.SunCertPathBuilderException")) return true;
            String m = c.getMessage();
            if (m != null && (m.contains("PKIX path") || m.contains("unable to find valid certification path"))) return true;
            if (c.getCause() == c) break;
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String outer = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return root == t ? outer : outer + " (" + root + ")";
    }
}

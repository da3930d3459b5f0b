package io.tasker.topology.internal;

import io.javalin.config.JavalinConfig;
import io.tasker.topology.HttpTlsConfig;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * HTTPS for the HTTP API: one Jetty TLS connector instead of the plain one, and the client context the forwarder uses
 * to reach the other instances. A keystore that cannot be opened is refused at start-up, naming its key.
 */
public final class HttpServerTls {
    private HttpServerTls() {
    }

    /** Makes Javalin serve HTTPS only, on {@code host:port} (0 = a free port). */
    public static void configure(JavalinConfig config, HttpTlsConfig tls, String host, int port) {
        load(HttpTlsConfig.KEYSTORE, tls.keystore(), tls.keystorePassword(), tls.keystoreType()); // fail early, naming the key
        config.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
            ssl.setKeyStorePassword(tls.keystorePassword());
            ssl.setKeyStoreType(tls.keystoreType());
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // clients reach instances by IP or by names the certificate may not list first
            httpConfig.addCustomizer(secure);
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(httpConfig));
            connector.setHost(host);
            connector.setPort(port);
            return connector;
        });
    }

    /** What the forwarder trusts: the truststore, or else the keystore's own certificates. */
    public static SSLContext forwardingContext(HttpTlsConfig tls) {
        KeyStore trusted = tls.truststore() != null
                ? load(HttpTlsConfig.TRUSTSTORE, tls.truststore(), tls.truststorePassword(), tls.truststoreType())
                : load(HttpTlsConfig.KEYSTORE, tls.keystore(), tls.keystorePassword(), tls.keystoreType());
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build the TLS context to reach other instances: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String key, Path file, String password, String type) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(key + " '" + file + "' cannot be opened as " + type + " (wrong password or type?): "
                    + e.getMessage(), e);
        }
    }
}

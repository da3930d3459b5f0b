package io.tasker.launcher.cli;

import io.tasker.schemas.SchemaRegistrySettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the command's schema registry client authenticates and which certificate it trusts. */
public final class RegistryClientOptions {
    @Option(names = "--schema-registry-user-info", paramLabel = "USER:PASSWORD",
            description = "HTTP basic auth to the schema registry (schema.registry.basic.auth.user.info).")
    String userInfo;
    @Option(names = "--schema-registry-bearer-token", paramLabel = "TOKEN",
            description = "Bearer token for the schema registry (schema.registry.bearer.auth.token).")
    String bearerToken;
    @Option(names = "--schema-registry-truststore", paramLabel = "FILE",
            description = "Truststore with the CA of an https:// schema registry (schema.registry.ssl.truststore.location).")
    Path truststore;
    @Option(names = "--schema-registry-truststore-password", paramLabel = "PASSWORD",
            description = "Password of --schema-registry-truststore.")
    String truststorePassword;
    @Option(names = "--schema-registry-truststore-type", paramLabel = "TYPE",
            defaultValue = SchemaRegistrySettings.DEFAULT_TRUSTSTORE_TYPE, description = "PKCS12 or JKS. Default: ${DEFAULT-VALUE}")
    String truststoreType;

    /**
     * The checked settings.
     *
     * @throws IllegalArgumentException naming the bad key (never a secret)
     */
    public SchemaRegistrySettings settings() {
        return new SchemaRegistrySettings(userInfo, bearerToken, truststore == null ? null : truststore.toString(),
                truststorePassword, truststoreType).validate();
    }
}

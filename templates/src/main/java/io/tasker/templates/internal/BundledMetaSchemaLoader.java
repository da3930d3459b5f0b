package io.tasker.templates.internal;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.InvalidSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * The only schema loader of {@link SchemaSupport}'s factories: serves the standard meta-schemas that networknt ships
 * in its jar (it maps {@code https://json-schema.org/...} to {@code classpath:...} before asking) and refuses every
 * other document, so no schema, even one that never went through template validation, can make a stream thread open
 * a URL or a file.
 *
 * <p>networknt consults its built-in classpath and URL loaders only when every configured loader returns
 * {@code null}; this one never does, it throws instead.
 */
final class BundledMetaSchemaLoader implements SchemaLoader {

    static final BundledMetaSchemaLoader INSTANCE = new BundledMetaSchemaLoader();

    private static final String CLASSPATH = "classpath:";
    /** The meta-schema resources in networknt's jar: draft-04/06/07 single files, 2019-09 and 2020-12 vocabularies. */
    private static final Pattern META_SCHEMA = Pattern.compile(
            "draft-0[467]/schema|draft/(2019-09|2020-12)/(schema|meta/[a-z-]+)");
    private static final ClassLoader NETWORKNT = JsonSchemaFactory.class.getClassLoader();

    private BundledMetaSchemaLoader() {
    }

    @Override
    public InputStreamSource getSchema(AbsoluteIri iri) {
        String uri = iri.toString();
        if (uri.startsWith(CLASSPATH) && META_SCHEMA.matcher(uri.substring(CLASSPATH.length())).matches()) {
            String resource = uri.substring(CLASSPATH.length());
            return () -> {
                InputStream in = NETWORKNT.getResourceAsStream(resource);
                if (in == null) {
                    throw new FileNotFoundException("meta-schema " + resource + " is not on the classpath");
                }
                return in;
            };
        }
        throw new InvalidSchemaException(ValidationMessage.builder()
                .message("refusing to load schema ''{1}'': " + SchemaReferences.ONLY_LOCAL)
                .arguments(uri).build());
    }
}

package io.tasker.schemas.internal;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes Avro trust our generated record classes. Avro 1.12 refuses to instantiate classes outside its
 * allow-list ("Forbidden ... not trusted") unless the {@code org.apache.avro.SERIALIZABLE_PACKAGES} system
 * property names them - and Avro reads that property only once, when its validator class initializes, so
 * setting the property from library code is unreliable. Instead this extends Avro's global predicate with
 * the packages of the record types our serdes are built for. Thread-safe.
 */
public final class AvroClassTrust {
    private static final Logger log = LoggerFactory.getLogger(AvroClassTrust.class);
    /** Package prefixes, each ending with '.', so "io.tasker.avro." does not also trust "io.tasker.avrox". */
    private static final Set<String> TRUSTED_PREFIXES = ConcurrentHashMap.newKeySet();
    private static final ClassSecurityPredicate TRUSTED_PACKAGES = AvroClassTrust::inTrustedPackage;
    private static ClassSecurityPredicate installed;

    private AvroClassTrust() {
    }

    /** Trusts every class in {@code type}'s package (generated records, their enums and nested records). */
    public static void trustPackageOf(Class<?> type) {
        trustPackage(type.getPackageName());
    }

    /** Trusts every class in {@code packageName} and its sub-packages. */
    public static synchronized void trustPackage(String packageName) {
        if (TRUSTED_PREFIXES.add(packageName + ".")) {
            log.debug("Avro may now instantiate classes of package {}", packageName);
        }
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        // Re-wrap if someone replaced the global predicate after us, keeping whatever they set.
        if (current != installed) {
            installed = ClassSecurityValidator.composite(current, TRUSTED_PACKAGES);
            ClassSecurityValidator.setGlobal(installed);
        }
    }

    private static boolean inTrustedPackage(Class<?> type) {
        String name = type.getName();
        for (String prefix : TRUSTED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

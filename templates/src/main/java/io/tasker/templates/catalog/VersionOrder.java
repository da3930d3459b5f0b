package io.tasker.templates.catalog;

import java.math.BigInteger;
import java.util.Comparator;

/** Dotted versions compared numerically part by part ("1.10.0" after "1.9.2"); non-numeric parts as text. */
final class VersionOrder {
    static final Comparator<String> ASCENDING = VersionOrder::compare;

    private VersionOrder() {
    }

    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+") ? new BigInteger(p).compareTo(new BigInteger(q)) : p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }
}

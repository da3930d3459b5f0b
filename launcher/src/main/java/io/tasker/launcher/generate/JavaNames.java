package io.tasker.launcher.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Java (and Tasker) spellings of the names a user gives the generators. */
final class JavaNames {
    /** What a generator NAME may be: a letter, then letters, digits, '_', '-' or '.'. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "record", "yield", "sealed", "permits",
            "_");

    private JavaNames() {
    }

    /** @throws GeneratorException when {@code name} is not a usable NAME */
    static String requireName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new GeneratorException(what + " '" + name + "' must start with a letter and contain only letters,"
                    + " digits, '_', '-' or '.' (e.g. order-notifications, charge_card)");
        }
        return name;
    }

    /** @throws GeneratorException when {@code pkg} is not a lower-case Java package name */
    static String requirePackage(String pkg) {
        if (pkg == null || !PACKAGE.matcher(pkg).matches()
                || List.of(pkg.split("\\.")).stream().anyMatch(KEYWORDS::contains)) {
            throw new GeneratorException("package '" + pkg + "' is not a Java package name (lower case, dot-separated,"
                    + " no keywords, e.g. com.example.orders)");
        }
        return pkg;
    }

    /** The words of {@code raw}: split at non-alphanumerics and at lower-to-upper case changes. */
    static List<String> words(String raw) {
        List<String> out = new ArrayList<>();
        for (String part : raw.split("[^A-Za-z0-9]+")) {
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (Character.isUpperCase(c) && w.length() > 0 && !Character.isUpperCase(part.charAt(i - 1))) {
                    out.add(w.toString().toLowerCase(Locale.ROOT));
                    w.setLength(0);
                }
                w.append(c);
            }
            if (w.length() > 0) {
                out.add(w.toString().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** {@code order-notifications} -> {@code OrderNotifications}. */
    static String typeName(String raw) {
        StringBuilder sb = new StringBuilder();
        words(raw).forEach(w -> sb.append(capitalize(w)));
        return sb.toString();
    }

    /** {@code OrderNotifications} -> {@code order-notifications}. */
    static String kebab(String raw) {
        return String.join("-", words(raw));
    }

    /** {@code ChargeCard} -> {@code charge_card}. */
    static String snake(String raw) {
        return String.join("_", words(raw));
    }

    /** A local variable for JSON key {@code key}: {@code total_cents} -> {@code totalCents}, never a keyword. */
    static String variable(String key) {
        List<String> w = words(key);
        StringBuilder sb = new StringBuilder(w.isEmpty() ? "value" : w.get(0));
        for (int i = 1; i < w.size(); i++) {
            sb.append(capitalize(w.get(i)));
        }
        String v = Character.isDigit(sb.charAt(0)) ? "v" + sb : sb.toString();
        return KEYWORDS.contains(v) || v.equals("e") ? v + "Value" : v;
    }

    /**
     * The method the subscriber SDK routes event {@code name} to: {@code order.created} -> {@code handleOrderCreated}
     * ({@code .}, {@code _} and {@code -} split words; the SDK's rule).
     */
    static String handlerMethod(String eventName) {
        StringBuilder sb = new StringBuilder("handle");
        for (String word : eventName.split("[._-]")) {
            if (!word.isEmpty()) {
                sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return sb.toString();
    }

    /** A Java string literal of {@code s}. */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code s} safe inside a Javadoc or line comment. */
    static String comment(String s) {
        return s == null ? "" : s.replace("*/", "*&#47;").replace("\r", " ").replace("\n", " ").replace("\\u", "\\\\u");
    }

    private static String capitalize(String w) {
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}

package io.tasker.templates;

import java.util.List;

/**
 * A template (or a set of templates) is invalid. Carries every problem found, not just the first, so an operator can
 * fix a file in one pass.
 *
 * <p>Each error is a single line that starts with the source it came from (a file path, {@code classpath:...},
 * {@code json} or a template key), followed by the field path when there is one, e.g.
 * {@code order.yaml: steps[2].depends_on: unknown step 'fetch_kart' (known: fetch_cart, fetch_products)}.
 */
public final class TemplateValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    /**
     * @param errors the problems found; must be non-empty
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public TemplateValidationException(List<String> errors) {
        this(errors, null);
    }

    /**
     * @param errors the problems found; must be non-empty
     * @param cause  the underlying failure (e.g. an I/O or parse exception); may be {@code null}
     */
    public TemplateValidationException(List<String> errors, Throwable cause) {
        super(format(errors), cause);
        this.errors = List.copyOf(errors);
    }

    /** The individual error lines, in the order found; never empty, unmodifiable. */
    public List<String> errors() {
        return errors;
    }

    private static String format(List<String> errors) {
        if (errors == null || errors.isEmpty()) {
            throw new IllegalArgumentException("a TemplateValidationException needs at least one error");
        }
        if (errors.size() == 1) {
            return errors.get(0);
        }
        return errors.size() + " template errors:\n  " + String.join("\n  ", errors);
    }
}

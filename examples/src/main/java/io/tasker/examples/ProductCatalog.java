package io.tasker.examples;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A small in-memory product catalog standing in for a product service. Immutable and thread-safe.
 */
public final class ProductCatalog {

    /**
     * One product.
     *
     * @param sku            stock keeping unit, the catalog key; never {@code null}
     * @param name           display name; never {@code null}
     * @param unitPriceCents price of one unit in cents, {@code >= 0}
     * @param stock          units available, {@code >= 0}
     */
    public record Product(String sku, String name, long unitPriceCents, int stock) {
        public Product {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(name, "name");
            if (unitPriceCents < 0 || stock < 0) {
                throw new IllegalArgumentException(sku + ": price and stock must be >= 0");
            }
        }
    }

    private static final ProductCatalog DEFAULT = new ProductCatalog(List.of(
            new Product("SKU-1001", "Wireless Mouse", 2499, 500),
            new Product("SKU-1002", "Mechanical Keyboard", 8999, 300),
            new Product("SKU-1003", "USB-C Hub", 3450, 400),
            new Product("SKU-1004", "27\" Monitor", 27999, 150),
            new Product("SKU-1005", "Laptop Stand", 4599, 250),
            new Product("SKU-1006", "Noise-Cancelling Headphones", 19900, 200),
            new Product("SKU-1007", "Webcam 1080p", 5999, 350),
            new Product("SKU-1008", "Desk Lamp", 2999, 450),
            new Product("SKU-1009", "Ergonomic Chair", 34900, 40),
            new Product("SKU-1010", "Limited Edition Keycaps", 12900, 2)));

    private final Map<String, Product> bySku;

    /** A catalog of {@code products}; SKUs must be unique. */
    public ProductCatalog(Collection<Product> products) {
        Map<String, Product> m = new LinkedHashMap<>();
        for (Product p : products) {
            if (m.putIfAbsent(p.sku(), p) != null) {
                throw new IllegalArgumentException("duplicate SKU " + p.sku());
            }
        }
        this.bySku = Map.copyOf(m);
        this.ordered = List.copyOf(m.values());
    }

    private final List<Product> ordered;

    /** The demo catalog: ten products, {@code SKU-1001} to {@code SKU-1010} ({@code SKU-1010} has only 2 in stock). */
    public static ProductCatalog defaultCatalog() {
        return DEFAULT;
    }

    /** The product with that SKU, if any. */
    public Optional<Product> find(String sku) {
        return sku == null ? Optional.empty() : Optional.ofNullable(bySku.get(sku));
    }

    /** All products in catalog order; unmodifiable. */
    public List<Product> products() {
        return ordered;
    }
}

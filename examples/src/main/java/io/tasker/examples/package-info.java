/**
 * The e-commerce demo workflow ({@code ecommerce/order_fulfillment}): its template on the classpath under
 * {@code templates/}, the step handlers ({@link io.tasker.examples.EcommerceHandlers}), an in-memory
 * {@link io.tasker.examples.ProductCatalog}, test-support handlers ({@link io.tasker.examples.DemoHandlers}) and
 * {@link io.tasker.examples.Examples} tying them together.
 */
package io.tasker.examples;

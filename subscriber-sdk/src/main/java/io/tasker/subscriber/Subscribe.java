package io.tasker.subscriber;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The event names (or patterns) a class-style {@link TaskerSubscriber} handles. Each is routed to a method named
 * after it: {@code order.created} to {@code handleOrderCreated(Event)}, {@code payment.*} to
 * {@code handlePaymentAny(Event)}, {@code *} to {@code handleAny(Event)}. A name without its method is a start-up
 * error naming the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Subscribe {
    /** Event names or patterns: exact ({@code order.created}), prefix ({@code order.*}) or {@code *}. */
    String[] value();
}

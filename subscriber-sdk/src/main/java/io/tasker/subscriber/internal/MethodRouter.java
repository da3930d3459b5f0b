package io.tasker.subscriber.internal;

import io.tasker.subscriber.Event;
import io.tasker.subscriber.EventHandler;
import io.tasker.subscriber.SubscriberDefinitionException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/** Finds the {@code handleXxx(Event)} method of a class-style subscriber for a subscribed pattern. */
public final class MethodRouter {
    private MethodRouter() {
    }

    /**
     * The handler calling {@code target}'s method for {@code pattern}.
     *
     * @throws SubscriberDefinitionException naming the missing method and the event
     */
    public static EventHandler route(Object target, EventPattern pattern) {
        String name = pattern.methodName();
        Method m = find(target.getClass(), name);
        if (m == null) {
            throw new SubscriberDefinitionException(target.getClass().getName() + " subscribes to '" + pattern
                    + "' but has no method " + name + "(Event): add it, or handle the event with on(\"" + pattern
                    + "\", ...)");
        }
        if (Modifier.isStatic(m.getModifiers())) {
            throw new SubscriberDefinitionException(target.getClass().getName() + "." + name
                    + "(Event) must not be static");
        }
        m.setAccessible(true);
        return event -> {
            try {
                m.invoke(target, event);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) cause;
            }
        };
    }

    private static Method find(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, Event.class);
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        return null;
    }
}

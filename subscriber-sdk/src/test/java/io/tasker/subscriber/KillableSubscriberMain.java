package io.tasker.subscriber;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A subscriber app for {@link SubscriberKillIT}, run in a child JVM so the test can SIGKILL it:
 * {@code KillableSubscriberMain <config.properties> <handled-ids file>}. Its handler takes 1-4 ms and then appends the
 * event id as one line to the file (one unbuffered write per invocation, so a SIGKILL leaves at most the line being
 * written incomplete). SIGTERM closes the runner cleanly.
 */
public final class KillableSubscriberMain {
    private KillableSubscriberMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            props.load(in);
        }
        SubscriberConfig config = SubscriberConfig.fromProperties(props);
        FileOutputStream out = new FileOutputStream(args[1], true);
        TaskerSubscriber subscriber = TaskerSubscriber.builder(config.subscriberName()).on("order.created", e -> {
            // the handler's "work": random so completions interleave across keys and commits trail behind
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5));
            append(out, e.id());
        }).named("recorder").build();
        SubscriberRunner runner = SubscriberRunner.start(subscriber, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            stopped.countDown();
        }, "subscriber-closer"));
        System.out.println("KillableSubscriberMain: subscriber " + config.subscriberName() + " started");
        stopped.await();
    }

    private static void append(FileOutputStream out, String id) {
        byte[] line = (id + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.write(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedQueueTest {
    @Test
    void runsWorkOfOneKeyInOrderOneAtATimeAndOtherKeysMeanwhile() {
        KeyedQueue<String> q = new KeyedQueue<>();
        List<String> started = new ArrayList<>();
        List<Runnable> dones = new ArrayList<>();
        for (String item : List.of("a1", "b1", "a2", "a3", "b2")) {
            q.submit(item.substring(0, 1), done -> {
                started.add(item);
                dones.add(done);
            });
        }
        assertThat(started).containsExactly("a1", "b1");
        dones.get(0).run(); // a1 done
        assertThat(started).containsExactly("a1", "b1", "a2");
        dones.get(0).run(); // calling done twice has no effect
        assertThat(started).containsExactly("a1", "b1", "a2");
        dones.get(2).run(); // a2 done
        dones.get(1).run(); // b1 done
        assertThat(started).containsExactly("a1", "b1", "a2", "a3", "b2");
        dones.get(3).run();
        dones.get(4).run();
        assertThat(q.activeKeys()).isZero();
    }
}

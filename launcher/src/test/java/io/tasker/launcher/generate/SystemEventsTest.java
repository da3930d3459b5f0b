package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.schemas.PayloadKey;
import org.junit.jupiter.api.Test;

class SystemEventsTest {
    @Test
    void everySystemEventsExampleHasEveryKeyOfItsContractAndValidatesAgainstItsSchema() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (LifecycleEventType t : LifecycleEventType.values()) {
            var example = SystemEvents.example(t);
            assertThat(factory.getSchema(LifecyclePayload.schema(t)).validate(example)).as(t.wireName()).isEmpty();
            for (PayloadKey k : t.requiredKeys()) {
                assertThat(example.has(k.key())).as(t.wireName() + " " + k.key()).isTrue();
            }
            for (PayloadKey k : t.optionalKeys()) {
                assertThat(example.has(k.key())).as(t.wireName() + " optional " + k.key()).isTrue();
            }
        }
    }

    @Test
    void typesTheFieldsBeyondTheCommonKeys() {
        var fields = SystemEvents.fields(LifecycleEventType.STEP_FAILED);
        assertThat(fields).extracting(PayloadField::key).doesNotContain("event_id", "task_id", "namespace")
                .contains("step_name", "attempt", "retryable", "backtrace", "next_attempt_at");
        assertThat(fields).filteredOn(f -> f.key().equals("attempt")).singleElement()
                .extracting(PayloadField::type).isEqualTo(PayloadField.JsonType.INTEGER);
        assertThat(fields).filteredOn(f -> f.key().equals("backtrace")).singleElement()
                .extracting(PayloadField::type).isEqualTo(PayloadField.JsonType.TREE);
        assertThat(fields).filteredOn(f -> f.key().equals("retryable")).singleElement()
                .extracting(PayloadField::type).isEqualTo(PayloadField.JsonType.BOOLEAN);
    }
}

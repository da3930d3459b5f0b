package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.avro.PublishedEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.EventIds;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Domain events through a real runner: durable ones inside the step result, fire-and-forget ones on their topic. */
class DomainEventsIT extends RunnerITSupport {

    static final TaskTemplate TEMPLATE = new TemplateLoader(null).parse("""
            name: events_it
            namespace: itns
            version: 1.0.0
            steps:
              - name: create_order
                handler: { name: it.create_order }
                publishes_events:
                  - name: order.created
                    schema: { type: object, required: [order_id] }
                  - name: order.itemized
                    schema: { type: object, required: [sku] }
                  - name: order.viewed
                    delivery: fire_and_forget
                    schema: { type: object, required: [page] }
              - name: charge
                handler: { name: it.charge }
                publishes_events:
                  - name: payment.charged
                    schema: { type: object, required: [charge_id] }
              - name: browse
                handler: { name: it.browse }
                publishes_events:
                  - name: catalog.browsed
                    delivery: fire_and_forget
                    schema: { type: object }
              - name: ship
                handler: { name: it.ship }
                timeout_seconds: 30
                publishes_events:
                  - name: shipment.started
                    schema: { type: object }
                  - name: shipment.failed
                    condition: failure
                    schema: { type: object, required: [error_message, retryable] }
            """, "events_it.yaml");

    static HandlerRegistry eventHandlers() {
        return new HandlerRegistry()
                .register("it.create_order", ctx -> {
                    for (String sku : List.of("A", "B", "C")) {
                        ctx.publish("order.itemized", Map.of("sku", sku));
                    }
                    ctx.publish("order.viewed", Map.of("page", "checkout"));
                    return StepOutcome.success(Map.of("order_id", "order-" + ctx.taskId()));
                })
                .register("it.charge", ctx -> StepOutcome.success(Map.of("amount", 12)))
                .register("it.ship", ctx -> {
                    ctx.publish("shipment.started", Map.of("carrier", "ups"));
                    Thread.sleep(30_000); // interrupted at the command's timeout
                    return StepOutcome.success(null);
                })
                .register("it.browse", ctx -> {
                    ctx.publish("catalog.browsed", Map.of("pages", "p".repeat(20_000)));
                    return StepOutcome.success(Map.of("browsed", true));
                });
    }

    StepRunner startWithEvents(RunnerConfig config) {
        StepRunner runner = new StepRunner(config, eventHandlers(), List.of(TEMPLATE));
        toClose.add(runner);
        runner.start();
        return runner;
    }

    static StepCommand eventCommand(String taskId, String step, String handler, String template) {
        StepCommand cmd = command(taskId, step, handler, 1);
        cmd.setTemplateName(template);
        return cmd;
    }

    @Test
    void durableEventsTravelInTheResultInOrderAndFireAndForgetOnesArriveOnTheDomainEventsTopic() throws Exception {
        StepRunner runner = startWithEvents(config().withHttpPort(0).withHttpHost("127.0.0.1"));
        var results = resultReader();
        var events = reader(topics.domainEvents(NS),
                TaskerAvroSerde.forValues(DomainEvent.class, registry).deserializer());
        send(eventCommand("task-ev", "create_order", "it.create_order", "events_it"));

        StepResult r = awaitResult(results, "task-ev");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        // the handler's three durable events, then the declarative order.created (sequence 3 went fire-and-forget)
        assertThat(r.getEvents()).extracting(PublishedEvent::getName, PublishedEvent::getSequence,
                PublishedEvent::getPayloadJson).containsExactly(
                tuple("order.itemized", 0, "{\"sku\":\"A\"}"),
                tuple("order.itemized", 1, "{\"sku\":\"B\"}"),
                tuple("order.itemized", 2, "{\"sku\":\"C\"}"),
                tuple("order.created", 4, "{\"order_id\":\"order-task-ev\"}"));
        for (PublishedEvent e : r.getEvents()) {
            assertThat(e.getEventId()).isEqualTo(EventIds.of("task-ev", "create_order", 1, e.getName(),
                    e.getSequence()));
            assertThat(e.getFiredAt()).isBetween(r.getStartedAt(), r.getFinishedAt());
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return !events.isEmpty();
        });
        ConsumerRecord<String, DomainEvent> rec = events.get(0);
        assertThat(events).hasSize(1);
        assertThat(rec.key()).isEqualTo("task-ev");
        DomainEvent e = rec.value();
        assertThat(e.getEventId()).isEqualTo(EventIds.of("task-ev", "create_order", 1, "order.viewed", 3));
        assertThat(e.getName()).isEqualTo("order.viewed");
        assertThat(e.getSequence()).isEqualTo(3);
        assertThat(e.getDelivery()).isEqualTo(EventDelivery.FIRE_AND_FORGET);
        assertThat(e.getRecordedAt()).isNull();
        assertThat(e.getFiredBy()).isEqualTo("it-runner");
        assertThat(e.getCorrelationId()).isEqualTo("corr-task-ev");
        assertThat(e.getTemplateName()).isEqualTo("events_it");
        assertThat(JSON.readTree(e.getPayloadJson()).path("page").asText()).isEqualTo("checkout");
        assertThat(header(rec, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(header(rec, CloudEventHeaders.ID)).isEqualTo(e.getEventId());
        assertThat(header(rec, CloudEventHeaders.TYPE)).isEqualTo("order.viewed");
        assertThat(header(rec, CloudEventHeaders.SOURCE)).isEqualTo("/tasker/itns/tasks/task-ev/steps/create_order");
        assertThat(header(rec, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/avro");
        assertThat(header(rec, CloudEventHeaders.TIME)).isNotBlank();

        await().atMost(Duration.ofSeconds(10)).until(() -> runner.durableEventsPublished() == 4
                && runner.fireAndForgetEventsPublished() == 1);
        JsonNode metrics = JSON.readTree(httpGet(runner.httpPort().orElseThrow(), "/v1/stats").body());
        assertThat(metrics.path("events_published_durable").asLong()).isEqualTo(4);
        assertThat(metrics.path("events_published_fire_and_forget").asLong()).isEqualTo(1);
        assertThat(metrics.path("events_fire_and_forget_send_failures").asLong()).isZero();
        assertThat(metrics.path("events_contract_violations").asLong()).isZero();
        assertThat(metrics.path("events_declarative_skipped_unknown_template").asLong()).isZero();
    }

    @Test
    void aResultThatBreaksADeclaredEventsSchemaIsAPermanentFailureNamingTheEvent() {
        StepRunner runner = startWithEvents(config());
        var results = resultReader();
        send(eventCommand("task-bad", "charge", "it.charge", "events_it"));

        StepResult r = awaitResult(results, "task-bad");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(r.getError().getRetryable()).isFalse();
        assertThat(r.getError().getExceptionClass()).isEqualTo(InvalidEventException.class.getName());
        assertThat(r.getError().getMessage()).startsWith("event contract violated: step 'charge' succeeded and its"
                + " declared event 'payment.charged' (condition success)").contains("charge_id");
        assertThat(r.getEvents()).isEmpty();
        assertThat(runner.eventContractViolations()).isEqualTo(1);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void aCommandOfATemplateTheRunnerWasNotStartedWithSkipsDeclarativeEventsAndRefusesPublish() {
        StepRunner runner = startWithEvents(config());
        var results = resultReader();
        send(eventCommand("task-unknown-tpl", "create_order", "it.create_order", "registered_elsewhere"));

        StepResult r = awaitResult(results, "task-unknown-tpl");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(r.getError().getRetryable()).isTrue();
        assertThat(r.getError().getExceptionClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(r.getError().getMessage()).isEqualTo("cannot publish event 'order.itemized': runner it-runner was"
                + " not started with template itns/registered_elsewhere/1.0.0 (its templates in namespace 'itns':"
                + " [itns/events_it/1.0.0]), so it does not know the events step 'create_order' declares; start the"
                + " runner with that template to publish events");
        assertThat(r.getEvents()).isEmpty();
        assertThat(runner.declarativeEventsSkipped()).isEqualTo(1);
    }

    @Test
    void aFireAndForgetEventThatCannotBeProducedIsCountedAndTheStepStillSucceeds() {
        // the event (20 KB) is over the producer's max.request.size, the result is not
        StepRunner runner = startWithEvents(config().withClientOverrides(Map.of("max.request.size", "8000")));
        var results = resultReader();
        send(eventCommand("task-lost", "browse", "it.browse", "events_it"));

        StepResult r = awaitResult(results, "task-lost");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(r.getEvents()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.fireAndForgetSendFailures() == 1);
        assertThat(runner.fireAndForgetEventsPublished()).isZero();
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void aTimedOutAttemptReportsWhatItPublishedBeforeTheTimeoutAndItsFailureEvents() throws Exception {
        startWithEvents(config());
        var results = resultReader();
        StepCommand cmd = eventCommand("task-slow", "ship", "it.ship", "events_it");
        cmd.setTimeoutMs(500L);
        send(cmd);

        StepResult r = awaitResult(results, "task-slow");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(r.getError().getExceptionClass()).isEqualTo("io.tasker.StepTimeout");
        assertThat(r.getEvents()).extracting(PublishedEvent::getName, PublishedEvent::getSequence)
                .containsExactly(tuple("shipment.started", 0), tuple("shipment.failed", 1));
        JsonNode error = JSON.readTree(r.getEvents().get(1).getPayloadJson());
        assertThat(error.path("exception_class").asText()).isEqualTo("io.tasker.StepTimeout");
        assertThat(error.path("retryable").asBoolean()).isTrue();
    }
}

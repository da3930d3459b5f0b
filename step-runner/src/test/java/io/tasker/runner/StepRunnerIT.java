package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.avro.TemplateRegistration;
import io.tasker.infra.TopicProvisioner;
import io.tasker.infra.TopicSpec;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.schemas.RejectReason;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
class StepRunnerIT extends RunnerITSupport {

    @Test
    void commandYieldsResultWithSameIdentityAndHandlerResult() throws Exception {
        StepRunner runner = start(config());
        var results = reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry)
                .deserializer());
        send(command("task-a", "echo", "test.echo", 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return results.size() >= 1;
        });
        ConsumerRecord<String, StepResult> rec = results.get(0);
        StepResult r = rec.value();
        assertThat(rec.key()).isEqualTo("task-a");
        assertThat(r.getTaskId()).isEqualTo("task-a");
        assertThat(r.getStepName()).isEqualTo("echo");
        assertThat(r.getAttempt()).isEqualTo(2);
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(r.getRunnerId()).isEqualTo("it-runner");
        assertThat(r.getCorrelationId()).isEqualTo("corr-task-a");
        assertThat(r.getFinishedAt()).isAfterOrEqualTo(r.getStartedAt());
        JsonNode json = JSON.readTree(r.getResultJson());
        assertThat(json.path("echo").path("order").asText()).isEqualTo("task-a");
        assertThat(json.path("attempt").asInt()).isEqualTo(2);
        assertThat(json.path("factor").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.stepsExecuted() == 1);
    }

    @Test
    void handlerSeesTheTaskIdsInTheMdcAndTheNextAttemptOnTheSameWorkerDoesNotInheritThem() {
        List<Map<String, String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        HandlerRegistry handlers = handlers().register("test.mdc", ctx -> {
            Map<String, String> mdc = new java.util.HashMap<>();
            for (String key : io.tasker.schemas.LogKeys.ALL) mdc.put(key, org.slf4j.MDC.get(key));
            seen.add(mdc);
            return StepOutcome.success(Map.of());
        });
        StepRunner runner = new StepRunner(config().withWorkerThreads(1), handlers, List.of(template()));
        toClose.add(runner);
        runner.start();
        StepCommand withoutCorrelation = StepCommand.newBuilder(command("task-m2", "echo", "test.mdc", 1))
                .setCorrelationId(null).build();
        send(command("task-m1", "echo", "test.mdc", 3), withoutCorrelation);

        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 2);
        assertThat(seen.get(0)).containsEntry("task_id", "task-m1").containsEntry("correlation_id", "corr-task-m1")
                .containsEntry("step_name", "echo").containsEntry("attempt", "3");
        // one worker thread ran both: the first attempt's ids were removed when it ended
        assertThat(seen.get(1)).containsEntry("task_id", "task-m2").containsEntry("attempt", "1")
                .containsEntry("correlation_id", null);
    }

    @Test
    void templatesAreRegisteredAtStartUp() throws Exception {
        start(config());
        var registrations = reader(topics.templates(),
                TaskerAvroSerde.forValues(TemplateRegistration.class, registry).deserializer());
        // start() waited for the acknowledgement, so the registration must already be there
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pollReaders();
            return !registrations.isEmpty();
        });
        ConsumerRecord<String, TemplateRegistration> rec = registrations.get(0);
        assertThat(rec.key()).isEqualTo("itns/it_template/1.0.0");
        TemplateRegistration reg = rec.value();
        assertThat(reg.getNamespace()).isEqualTo(NS);
        assertThat(reg.getName()).isEqualTo("it_template");
        assertThat(reg.getVersion()).isEqualTo("1.0.0");
        assertThat(reg.getRegisteredBy()).isEqualTo("it-runner");
        assertThat(TemplateJson.fromJson(reg.getDefinitionJson())).isEqualTo(template());
    }

    @Test
    void poisonPillIsOnlyRejectedWhileUnknownHandlerIsRejectedAndFailsTheStepPermanently() {
        StepRunner runner = start(config());
        var results = resultReader();
        var rejected = reader(topics.rejected(), new ByteArrayDeserializer());
        byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        sendRaw(poison);
        send(command("task-unknown", "echo", "no.such.handler", 3));
        send(command("task-ok", "echo", "test.echo", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return results.size() >= 2 && rejected.size() >= 2;
        });
        assertThat(results(results)).extracting(StepResult::getTaskId)
                .containsExactlyInAnyOrder("task-ok", "task-unknown");
        StepResult failed = results(results).stream().filter(r -> r.getTaskId().equals("task-unknown"))
                .findFirst().orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(failed.getStepName()).isEqualTo("echo");
        assertThat(failed.getAttempt()).isEqualTo(3);
        assertThat(failed.getError().getRetryable()).isFalse();
        assertThat(failed.getError().getMessage()).isEqualTo("handler 'no.such.handler' of step 'echo' is not"
                + " registered on runner it-runner (known: test.echo, test.slow)");

        ConsumerRecord<String, byte[]> pill = rejected.get(0);
        assertThat(pill.value()).isEqualTo(poison);
        assertThat(pill.key()).isEqualTo("poison");
        assertThat(header(pill, RejectedHeaders.REASON)).isEqualTo("deserialization_failed");
        assertThat(header(pill, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.stepCommands(NS));
        assertThat(header(pill, RejectedHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(pill, RejectedHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(pill, RejectedHeaders.DETAIL)).isNotBlank();
        assertThat(header(pill, RejectedHeaders.EXCEPTION_CLASS)).isNotBlank();

        ConsumerRecord<String, byte[]> unknown = rejected.get(1);
        assertThat(header(unknown, RejectedHeaders.REASON)).isEqualTo("unknown_handler");
        assertThat(header(unknown, RejectedHeaders.DETAIL)).isEqualTo(failed.getError().getMessage());
        assertThat(header(unknown, RejectedHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(runner.rejectedCommands()).isEqualTo(2);
        assertThat(runner.rejectedByReason()).containsEntry(RejectReason.UNKNOWN_HANDLER, 1L)
                .containsEntry(RejectReason.DESERIALIZATION_FAILED, 1L);
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.stepsExecuted() == 1);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void undecodableContextIsRejectedAndFailsTheStepPermanently() {
        StepRunner runner = start(config());
        var results = resultReader();
        var rejected = reader(topics.rejected(), new ByteArrayDeserializer());
        StepCommand bad = command("task-bad-context", "echo", "test.echo", 1);
        bad.setContextJson("{not json");
        send(bad);

        StepResult failed = awaitResult(results, "task-bad-context");
        assertThat(failed.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(failed.getError().getRetryable()).isFalse();
        assertThat(failed.getError().getMessage()).startsWith("cannot decode the step command: context_json is not"
                + " valid JSON");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return !rejected.isEmpty();
        });
        assertThat(header(rejected.get(0), RejectedHeaders.REASON)).isEqualTo("invalid_context");
        assertThat(header(rejected.get(0), RejectedHeaders.DETAIL)).isEqualTo(failed.getError().getMessage());
        assertThat(runner.rejectedByReason()).containsEntry(RejectReason.INVALID_CONTEXT, 1L);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void slowHandlersDoNotCauseRebalancesAndAllResultsArrive() {
        // a poll loop blocked for a 2 s handler would exceed this and be kicked out of the group
        StepRunner runner = start(config().withWorkerThreads(2).withMaxInFlight(2)
                .withClientOverrides(Map.of("max.poll.interval.ms", "1500")));
        var results = reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry)
                .deserializer());
        List<StepCommand> commands = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            commands.add(StepCommand.newBuilder(command("slow-" + i, "slow", "test.slow", 1)).setDispatchId(1000L + i).build());
        }
        send(commands.toArray(StepCommand[]::new));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            pollReaders();
            return results.stream().filter(r -> r.value().getStatus() == io.tasker.avro.StepOutcome.SUCCESS).count() >= 6;
        });
        assertThat(runner.rebalances()).isZero();
        assertThat(runner.isHealthy()).isTrue();
        List<StepResult> outcomes = results(results).stream()
                .filter(r -> r.getStatus() != io.tasker.avro.StepOutcome.IN_PROGRESS).toList();
        Set<String> ids = outcomes.stream().map(StepResult::getTaskId).collect(Collectors.toSet());
        assertThat(ids).hasSize(6);
        assertThat(outcomes).hasSize(6); // no redelivery, no duplicates
        assertThat(outcomes).allMatch(r -> r.getStatus() == io.tasker.avro.StepOutcome.SUCCESS);
        // 2 s handlers run past runner.in-progress-after-ms (1 s): one in-progress report each, ahead of its result
        for (String id : ids) {
            List<StepResult> ofTask = results(results).stream().filter(r -> r.getTaskId().equals(id)).toList();
            assertThat(ofTask).extracting(StepResult::getStatus).as(id)
                    .containsExactly(io.tasker.avro.StepOutcome.IN_PROGRESS, io.tasker.avro.StepOutcome.SUCCESS);
            assertThat(ofTask.get(0).getStartedAt()).isEqualTo(ofTask.get(1).getStartedAt());
            assertThat(ofTask.get(0).getResultJson()).isNull();
            assertThat(ofTask).extracting(StepResult::getDispatchId).as("both echo the command's dispatch id")
                    .containsOnly(1000L + Integer.parseInt(id.substring("slow-".length())));
        }
    }

    @Test
    void quickHandlersSendNoInProgressReport() {
        start(config());
        var results = resultReader();
        send(command("quick", "echo", "test.echo", 1));

        assertThat(awaitResult(results, "quick").getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(resultsOf(results, "quick")).hasSize(1);
    }

    @Test
    void committedOffsetEqualsCommandsProcessedAfterClose() throws Exception {
        StepRunner runner = start(config());
        var results = reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry)
                .deserializer());
        int n = 7;
        StepCommand[] commands = new StepCommand[n];
        for (int i = 0; i < n; i++) {
            commands[i] = command("off-" + i, "echo", "test.echo", 1);
        }
        send(commands);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return results.size() >= n;
        });
        runner.close();
        assertThat(runner.isHealthy()).isFalse();
        assertThat(runner.stepsExecuted()).isEqualTo(n);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(new TopicPartition(topics.stepCommands(NS), 0)).offset()).isEqualTo(n);
    }

    @Test
    void startFailsFastWhenATemplateNamesAnUnregisteredHandler() {
        StepRunner runner = new StepRunner(config(), new HandlerRegistry().register("test.echo", ctx -> null),
                List.of(template()));
        toClose.add(runner);
        org.assertj.core.api.Assertions.assertThatThrownBy(runner::start)
                .isInstanceOf(io.tasker.templates.TemplateValidationException.class)
                .hasMessageContaining("test.slow");
        assertThat(runner.isHealthy()).isFalse();
    }

    @Test
    void aFatalSendErrorStopsTheRunnerWithoutCommitting() throws Exception {
        // without a results topic (and no auto-creation) every result send fails: that must stop the runner
        admin.deleteTopics(List.of(topics.stepResults())).all().get();
        HandlerRegistry handlers = new HandlerRegistry().register("test.echo", ctx -> StepOutcome.success("ok"));
        StepRunner runner = new StepRunner(config().withNamespaces(Set.of(NS))
                .withClientOverrides(Map.of("max.block.ms", "2000")), handlers, List.of());
        toClose.add(runner);
        runner.start();
        send(command("no-results-topic", "echo", "test.echo", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isHealthy());
        assertThat(runner.failure()).get().isInstanceOf(org.apache.kafka.common.KafkaException.class);
        assertThat(runner.healthProblems()).anyMatch(p -> p.startsWith("stopped after a fatal error"));
        assertThat(runner.stepsExecuted()).isZero();
        runner.close();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata om = committed.get(new TopicPartition(topics.stepCommands(NS), 0));
        assertThat(om == null ? 0 : om.offset()).isZero();
    }
}

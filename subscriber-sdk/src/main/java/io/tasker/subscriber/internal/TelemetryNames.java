package io.tasker.subscriber.internal;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names of the subscriber's spans, span events, metrics and attributes, in one place (the README lists them).
 * Messaging attributes follow the OpenTelemetry messaging semantic conventions; they are spelled here rather than
 * taken from the alpha {@code opentelemetry-semconv-incubating} artifact, which a library should not impose on the
 * applications embedding it (a test checks they equal the semconv constants).
 */
public final class TelemetryNames {
    /** Instrumentation scope of the SDK's tracer and meter. */
    public static final String SCOPE = "io.tasker.subscriber";

    // OpenTelemetry messaging semantic conventions (Kafka)
    public static final AttributeKey<String> MESSAGING_SYSTEM = stringKey("messaging.system");
    public static final String KAFKA = "kafka";
    public static final AttributeKey<String> MESSAGING_OPERATION_TYPE = stringKey("messaging.operation.type");
    public static final AttributeKey<String> MESSAGING_OPERATION_NAME = stringKey("messaging.operation.name");
    public static final String PROCESS = "process";
    public static final AttributeKey<String> MESSAGING_DESTINATION_NAME = stringKey("messaging.destination.name");
    public static final AttributeKey<String> MESSAGING_DESTINATION_PARTITION_ID =
            stringKey("messaging.destination.partition.id");
    public static final AttributeKey<String> MESSAGING_CONSUMER_GROUP_NAME = stringKey("messaging.consumer.group.name");
    public static final AttributeKey<Long> MESSAGING_KAFKA_OFFSET = longKey("messaging.kafka.offset");
    public static final AttributeKey<String> MESSAGING_KAFKA_MESSAGE_KEY = stringKey("messaging.kafka.message.key");
    public static final AttributeKey<String> MESSAGING_MESSAGE_ID = stringKey("messaging.message.id");
    public static final AttributeKey<Long> MESSAGING_MESSAGE_BODY_SIZE = longKey("messaging.message.body.size");
    public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
    public static final String EXCEPTION_EVENT = "exception";
    public static final AttributeKey<String> EXCEPTION_TYPE = stringKey("exception.type");
    public static final AttributeKey<String> EXCEPTION_MESSAGE = stringKey("exception.message");
    public static final AttributeKey<String> EXCEPTION_STACKTRACE = stringKey("exception.stacktrace");

    // Tasker
    public static final AttributeKey<String> SUBSCRIBER = stringKey("tasker.subscriber.name");
    public static final AttributeKey<String> HANDLER = stringKey("tasker.subscriber.handler");
    /** The handler's own attempt on the event, from 1. */
    public static final AttributeKey<Long> HANDLER_ATTEMPT = longKey("tasker.subscriber.handler.attempt");
    /** {@code success} or {@code failure}, on the handler duration histogram. */
    public static final AttributeKey<String> HANDLER_OUTCOME = stringKey("tasker.subscriber.handler.outcome");
    public static final AttributeKey<String> EVENT_NAME = stringKey("tasker.event.name");
    public static final AttributeKey<String> EVENT_KIND = stringKey("tasker.event.kind");
    public static final AttributeKey<String> TASK_ID = stringKey("tasker.task.id");
    public static final AttributeKey<String> CORRELATION_ID = stringKey("tasker.correlation_id");
    public static final AttributeKey<String> STEP_NAME = stringKey("tasker.step.name");
    public static final AttributeKey<Long> STEP_ATTEMPT = longKey("tasker.step.attempt");
    public static final AttributeKey<Long> RETRY_DELAY_MS = longKey("tasker.subscriber.retry.delay_ms");
    /** One of the {@code io.tasker.schemas.DlqHeaders.REASON_*} codes. */
    public static final AttributeKey<String> DLQ_REASON = stringKey("tasker.dlq.reason");
    public static final AttributeKey<String> DLQ_TOPIC = stringKey("tasker.dlq.topic");
    public static final AttributeKey<Long> ATTEMPTS = longKey("tasker.subscriber.handler.attempts");

    // span and span event names
    public static final String PROCESS_SPAN_PREFIX = "process ";
    public static final String HANDLER_SPAN_PREFIX = "handle ";
    public static final String RETRY_EVENT = "tasker.subscriber.retry";
    public static final String DEAD_LETTER_EVENT = "tasker.subscriber.dead_letter";

    // metrics
    public static final String RECEIVED = "tasker.subscriber.events.received";
    public static final String HANDLED = "tasker.subscriber.events.handled";
    public static final String RETRIED = "tasker.subscriber.events.retried";
    public static final String DEAD_LETTERED = "tasker.subscriber.events.dead_lettered";
    public static final String TIMED_OUT = "tasker.subscriber.handler.timeouts";
    public static final String UNDECODABLE = "tasker.subscriber.records.undecodable";
    public static final String HANDLER_DURATION = "tasker.subscriber.handler.duration";
    public static final String CONSUMER_LAG = "tasker.subscriber.consumer.lag";
    public static final String IN_FLIGHT = "tasker.subscriber.records.in_flight";

    private TelemetryNames() {
    }
}

/**
 * The Tasker subscriber SDK: consumer apps reacting to domain events ({@code order.created}) and lifecycle events
 * ({@code task.completed}, {@code step.failed}) with at-least-once delivery, per-task ordering, retries with backoff,
 * a dead-letter topic, replay, and a test kit.
 *
 * <h2>Writing a subscriber</h2>
 * Class style: extend {@link io.tasker.subscriber.TaskerSubscriber}, name events with
 * {@link io.tasker.subscriber.Subscribe} and write {@code handleOrderCreated(Event)} methods. Builder style:
 * {@code TaskerSubscriber.builder("audit").on("payment.*", e -> ...).build()}. Run it with
 * {@link io.tasker.subscriber.SubscriberRunner#start}, test it with {@link io.tasker.subscriber.SubscriberTestKit}.
 *
 * <h2>Dead letters and replay (design)</h2>
 * <ul>
 * <li>A handler that gives up (retries exhausted, non-retryable error, timeout on the last attempt), a record that
 * cannot be decoded, or a replayed record naming a handler that no longer exists is written to the DLQ topic
 * ({@code dlq.topic}, default {@code <prefix>dlq.<subscriber>}): the original key, value and headers with every
 * earlier {@code tasker.dlq.*} header removed, plus the {@link io.tasker.schemas.DlqHeaders}. One record per handler
 * that gave up, so handlers are replayed independently.</li>
 * <li>Replay re-produces dead letters, unchanged (headers included), to the subscriber's replay topic
 * ({@code replay.topic}, default {@code <dlq.topic>.replay}), which every running instance of the subscriber always
 * reads in its own consumer group. A replayed record is decoded as a record of its
 * {@code tasker.dlq.source.topic} and delivered only to the handler named by {@code tasker.dlq.handler} (all
 * matching handlers for an undecodable record), with the normal retries; if it fails again it goes back to the DLQ
 * with fresh headers (source = the replay topic), never a growing header list. The result shows in the handler
 * counters like any delivery.</li>
 * <li>Why a replay topic rather than seeking the source topic: the source record may be compacted or expired, other
 * handlers that already succeeded must not run again, and a replay must not move the consumer group of the source
 * topics. Why not consume the DLQ directly: the DLQ is an audit log users list and filter ({@code --event},
 * {@code --since}); replaying is an explicit act.</li>
 * <li>The CLI (a later session): {@code subscribers dlq list <subscriber>} reads the DLQ from the beginning with
 * {@code read_committed} and prints offset, time, reason, handler, event name/id, attempts and exception per record;
 * {@code subscribers dlq replay <subscriber> [--event NAME] [--since T]} copies the selected records to the replay
 * topic with an idempotent producer and prints how many it replayed. Topic provisioning creates the DLQ and replay
 * topics with the subscriber.</li>
 * </ul>
 */
package io.tasker.subscriber;

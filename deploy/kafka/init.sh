#!/usr/bin/env bash
# One-shot job of docker-compose.yml (service kafka-init): creates Tasker's topics and the ACLs of each component's
# principal, as the super user `admin`. Idempotent: safe to run again (`docker compose run --rm kafka-init`).
#
# Principals (SASL/PLAIN users defined in the kafka service's JAAS settings):
#   admin        super user: this job, operators' CLI (subscribers dlq list|replay)
#   topology     the Kafka Streams application (application id tasker-topology) and its HTTP API's producer
#   runner       the step runner of the example handlers (group tasker-runner)
#   subscribers  the example subscribers (groups audit, order-notifications, alerting)
# The topic list must match io.tasker.launcher.PlatformTopics (checked by ComposeFileTest).
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
PREFIX="${TOPIC_PREFIX:-tasker.}"
PARTITIONS="${PARTITIONS:-6}"
REPLICATION="${REPLICATION:-1}"
APPLICATION_ID="${APPLICATION_ID:-tasker-topology}"
RUNNER_GROUP="${RUNNER_GROUP:-tasker-runner}"
CONFIG="$(bash /deploy/kafka/admin-client.sh)"
BIN=/opt/kafka/bin

topic() { # NAME PARTITIONS [CONFIG=VALUE ...]
  local name="$1" partitions="$2"; shift 2
  local configs=()
  for c in "$@"; do configs+=(--config "$c"); done
  "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$REPLICATION" "${configs[@]}"
}

acl() { # PRINCIPAL OPERATIONS(comma-separated) RESOURCE-OPTIONS...
  local principal="$1" operations="$2"; shift 2
  local ops=()
  IFS=',' read -ra list <<< "$operations"
  for op in "${list[@]}"; do ops+=(--operation "$op"); done
  "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --add --force \
    --allow-principal "User:$principal" "${ops[@]}" "$@"
}

echo "== topics"
topic "${PREFIX}templates" 1 cleanup.policy=compact
topic "${PREFIX}task-requests" "$PARTITIONS"
topic "${PREFIX}task-commands" "$PARTITIONS"
topic "${PREFIX}step-results" "$PARTITIONS" message.timestamp.type=LogAppendTime
topic "${PREFIX}lifecycle" "$PARTITIONS"
topic "${PREFIX}rejected" 1
topic "${PREFIX}registry" 1 cleanup.policy=compact,delete retention.ms=604800000 segment.ms=3600000
topic "${PREFIX}step-commands.ecommerce" "$PARTITIONS"
topic "${PREFIX}domain-events.ecommerce" "$PARTITIONS"

# Exactly the minimal ACLs of each component (ComponentAcls in launcher's tests, proven by MinimalAclsEndToEndIT;
# ComposeFileTest fails when a line here and that list differ). One `acl` line per resource; READ and WRITE imply
# DESCRIBE; no cluster ACL: idempotent producers need WRITE on a topic only (Kafka >= 2.8).
echo "== ACLs: topology (Kafka Streams application ${APPLICATION_ID}, and its HTTP API's producer)"
acl topology Read --group "$APPLICATION_ID"
# exactly-once: the transactional ids of its stream threads; its changelog and repartition topics, created by it
acl topology Write --transactional-id "${APPLICATION_ID}-" --resource-pattern-type prefixed
acl topology Create,Read,Write --topic "${APPLICATION_ID}-" --resource-pattern-type prefixed
# inputs; task-requests and task-commands are also written by the HTTP API (submit, cancel, retry, ...)
acl topology Read,Write --topic "${PREFIX}task-requests"
acl topology Read,Write --topic "${PREFIX}task-commands"
acl topology Read --topic "${PREFIX}step-results"
acl topology Read --topic "${PREFIX}templates"
acl topology Read --topic "${PREFIX}registry"
# outputs: every namespace's step commands and domain events
acl topology Write --topic "${PREFIX}lifecycle"
acl topology Write --topic "${PREFIX}rejected"
acl topology Write --topic "${PREFIX}step-commands." --resource-pattern-type prefixed
acl topology Write --topic "${PREFIX}domain-events." --resource-pattern-type prefixed

echo "== ACLs: runner (namespace ecommerce, group ${RUNNER_GROUP}); its namespace topics exist, so no Create"
acl runner Read --group "$RUNNER_GROUP"
acl runner Read,Write --topic "${PREFIX}templates"
acl runner Read --topic "${PREFIX}step-commands.ecommerce"
acl runner Write --topic "${PREFIX}domain-events.ecommerce"
acl runner Write --topic "${PREFIX}step-results"
acl runner Write --topic "${PREFIX}rejected"
acl runner Write --topic "${PREFIX}registry"

echo "== ACLs: subscribers (audit, order-notifications, alerting: every namespace)"
acl subscribers Read --topic "${PREFIX}lifecycle"
acl subscribers Read --topic "${PREFIX}domain-events." --resource-pattern-type prefixed
acl subscribers Write --topic "${PREFIX}registry"
# each subscriber: its group; its dead-letter and replay topics, which it creates on its first start
acl subscribers Read --group audit
acl subscribers Create,Write --topic "${PREFIX}dlq.audit"
acl subscribers Create,Read --topic "${PREFIX}dlq.audit.replay"
acl subscribers Read --group order-notifications
acl subscribers Create,Write --topic "${PREFIX}dlq.order-notifications"
acl subscribers Create,Read --topic "${PREFIX}dlq.order-notifications.replay"
acl subscribers Read --group alerting
acl subscribers Create,Write --topic "${PREFIX}dlq.alerting"
acl subscribers Create,Read --topic "${PREFIX}dlq.alerting.replay"

echo "kafka-init: topics and ACLs in place"

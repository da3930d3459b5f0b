#!/usr/bin/env bash
# One-shot job of docker-compose.yml (service kafka-init): creates Tasker's topics and the ACLs of each component's
# principal, as the super user `admin`. Idempotent: safe to run again (`docker compose run --rm kafka-init`).
#
# Principals (SASL/PLAIN users defined in the kafka service's JAAS settings):
#   admin        super user: this job, operators' CLI (tasks, subscribers dlq, events tail)
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

echo "== ACLs: topology (Kafka Streams application ${APPLICATION_ID})"
# reads requests, commands, results, templates, registry; writes step commands, lifecycle, domain events, rejected
acl topology Read,Write,Describe,DescribeConfigs --topic "$PREFIX" --resource-pattern-type prefixed
# its changelog and repartition topics
acl topology All --topic "$APPLICATION_ID" --resource-pattern-type prefixed
acl topology Read,Describe --group "$APPLICATION_ID" --resource-pattern-type prefixed
# exactly-once: the transactional ids of the stream threads
acl topology Write,Describe --transactional-id "$APPLICATION_ID" --resource-pattern-type prefixed
acl topology IdempotentWrite,Describe --cluster

echo "== ACLs: runner (group ${RUNNER_GROUP})"
acl runner Read,Describe,Create --topic "${PREFIX}step-commands." --resource-pattern-type prefixed
acl runner Write,Describe,Create --topic "${PREFIX}domain-events." --resource-pattern-type prefixed
acl runner Write,Describe --topic "${PREFIX}step-results"
acl runner Read,Write,Describe --topic "${PREFIX}templates"
acl runner Write,Describe,Create --topic "${PREFIX}registry"
acl runner Read,Describe --group "$RUNNER_GROUP"
acl runner IdempotentWrite,Describe --cluster

echo "== ACLs: subscribers (audit, order-notifications, alerting)"
acl subscribers Read,Describe --topic "${PREFIX}lifecycle"
acl subscribers Read,Describe --topic "${PREFIX}domain-events." --resource-pattern-type prefixed
# their dead-letter and replay topics, created on start
acl subscribers Read,Write,Describe,Create --topic "${PREFIX}dlq." --resource-pattern-type prefixed
acl subscribers Write,Describe,Create --topic "${PREFIX}registry"
for group in audit order-notifications alerting; do
  acl subscribers Read,Describe --group "$group"
done
acl subscribers IdempotentWrite,Describe --cluster

echo "kafka-init: topics and ACLs in place"

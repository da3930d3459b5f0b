#!/usr/bin/env bash
# Health check of the kafka service: the broker answers an authenticated ApiVersions request on the CLIENT listener.
set -euo pipefail
config="$(bash /deploy/kafka/admin-client.sh)"
exec /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 --command-config "$config" > /dev/null

#!/usr/bin/env bash
# Writes the admin's client settings (SASL/PLAIN on the CLIENT listener) to /tmp/admin.properties and prints the path.
# Used by the kafka service's health check and by the kafka-init job; the password comes from SASL_ADMIN_PASSWORD.
set -euo pipefail
: "${SASL_ADMIN_PASSWORD:?SASL_ADMIN_PASSWORD is not set (KAFKA_ADMIN_PASSWORD in .env)}"
file=/tmp/admin.properties
umask 077
cat > "$file" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${SASL_ADMIN_PASSWORD}";
PROPS
echo "$file"

#!/usr/bin/env bash
# Shared by the launchers: submit one s2vc job to an existing Kafka and Flink cluster.
#   S2VC_JAR          the shaded jar (default: target/s2vc.jar beside this folder)
#   KAFKA_BOOTSTRAP   host:port of the Kafka cluster (required)
#   FLINK_REST        host:port of the Flink JobManager's REST endpoint (required)
#   S2VC_CONF         a profile name or YAML file (default: conf/cluster.yaml if present, else cpu-tiny)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${S2VC_JAR:-$here/../target/s2vc.jar}"
: "${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP=host:port}"
: "${FLINK_REST:?set FLINK_REST=host:port}"
conf="${S2VC_CONF:-cpu-tiny}"
[ -f "$jar" ] || { echo "s2vc: $jar not found: build it with 'mvn -B -q package -DskipTests'" >&2; exit 2; }
s2vc() { java -jar "$jar" "$@" --profile "$conf" --bootstrap-servers "$KAFKA_BOOTSTRAP" --flink "$FLINK_REST"; }

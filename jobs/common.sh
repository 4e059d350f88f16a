#!/usr/bin/env bash
# Shared by the launchers: run the shaded jar against an existing Kafka and Flink cluster.
#   S2VC_JAR         the shaded jar (default: target/s2vc.jar beside this folder)
#   KAFKA_BOOTSTRAP  host:port[,host:port…] of the Kafka cluster (required)
#   FLINK_REST       host:port of the Flink JobManager's REST endpoint (required by the launchers of Flink jobs)
#   S2VC_CONF        a profile name or YAML file (default: conf/cluster.yaml beside this folder)
#   S2VC_WORK        the work folder (default: ./s2vc-work). Flink checkpoints, model checkpoints and the flow's
#                    weights live in it, so the JobManager and every TaskManager must see it at the same path.
#   JAVA             the java binary (default: java on the PATH)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail() { echo "s2vc: $*" >&2; exit 2; }
jar="${S2VC_JAR:-$here/../target/s2vc.jar}"
conf="${S2VC_CONF:-$here/../conf/cluster.yaml}"
work="${S2VC_WORK:-s2vc-work}"
[ -f "$jar" ] || fail "$jar not found: build it with 'mvn -B -q package -DskipTests' or set S2VC_JAR"
[ -n "${KAFKA_BOOTSTRAP:-}" ] || fail "set KAFKA_BOOTSTRAP=host:port (the Kafka cluster)"

# A command that runs in this JVM and talks to the cluster's Kafka only.
s2vc_local() {
  "${JAVA:-java}" -jar "$jar" "$@" --profile "$conf" --work "$work" --bootstrap-servers "$KAFKA_BOOTSTRAP"
}

# A Flink job: the jar is uploaded to the JobManager through its REST API and the job runs on the
# TaskManagers; this process follows it (progress, draining stop) and cancels it on Ctrl-C.
s2vc_job() {
  [ -n "${FLINK_REST:-}" ] || fail "set FLINK_REST=host:port (the Flink JobManager's REST endpoint)"
  s2vc_local "$@" --flink "$FLINK_REST"
}

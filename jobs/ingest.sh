#!/usr/bin/env bash
# Ingest videos, data-set roots or stream URLs into s2vc.clips on the cluster's Kafka (decodes in this JVM).
source "$(dirname "$0")/common.sh"
s2vc_local ingest "$@"

#!/usr/bin/env bash
# Ingest videos, data-set roots or stream URLs into s2vc.clips on the cluster's Kafka.
source "$(dirname "$0")/common.sh"
s2vc ingest "$@"

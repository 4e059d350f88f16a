#!/usr/bin/env bash
# Submit the job 'augment' with the online trainer at its end: s2vc.clips -> views, suppression (at
# flink.parallelism) -> s2vc.pairs, and MoCo training (parallelism 1) -> model checkpoints and s2vc.checkpoints.
source "$(dirname "$0")/common.sh"
s2vc_job augment --train "$@"

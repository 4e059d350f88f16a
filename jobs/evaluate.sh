#!/usr/bin/env bash
# Submit the job 'evaluate': every checkpoint announced on s2vc.checkpoints is evaluated (pass --data DIR,
# a data set every TaskManager can read; --out DIR for the reports).
source "$(dirname "$0")/common.sh"
s2vc_job evaluate "$@"

#!/usr/bin/env bash
# Submit the 'augment' job (s2vc.clips -> s2vc.pairs) to the cluster; extra arguments pass through.
source "$(dirname "$0")/common.sh"
s2vc augment "$@"

#!/usr/bin/env bash
# Create the product's topics on the cluster's Kafka (the missing ones) and list them.
source "$(dirname "$0")/common.sh"
s2vc_local topics "$@"

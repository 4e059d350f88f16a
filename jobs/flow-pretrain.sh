#!/usr/bin/env bash
# Pre-train the normalizing flow in this JVM (run it where the GPU is) into S2VC_WORK/flow/ARCH/flow.npz, where
# augment-train.sh finds it: on --data DIR (a video folder or UCF101/HMDB51 root), on the clips of s2vc.clips with
# --from-kafka (a data-set root ingested with its split: its test windows are held out), or by default on the
# synthetic set. Extra arguments pass through (--stop-at N, --set flow.pretrain.*=…).
source "$(dirname "$0")/common.sh"
s2vc_local flow-pretrain "$@"

#!/usr/bin/env bash
# Reproduces the HAPT figures of bench/README.md ("Models (issue #5)"): imports
# the HAPT raw data (if the project is missing), trains cnn-center and
# resnet-supcon on 16 users and evaluates both on the 5 held-out users,
# classes 1-6 (the six activities; transitions 7-12 are left out).
#
#   scripts/hapt-models.sh [BUILD_DIR] [HAPT_DIR] [OUT_DIR]
#
# Defaults: build, ../shared/data/hapt, /tmp/hapt-models. Environment:
# THREADS (2), SEED (1), CNN_EPOCHS (30), RESNET_EPOCHS (20).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
hapt=${2:-../shared/data/hapt}
out=${3:-/tmp/hapt-models}
threads=${THREADS:-2}
seed=${SEED:-1}
cli="$build/app/kinemark-cli"
classes=1,2,3,4,5,6
validation=3,11,19,25,29
mkdir -p "$out"
project="$out/hapt.kmk"
if [ ! -f "$project" ]; then
    "$cli" import "$hapt" --format hapt -o "$project"
fi
train() { # model epochs
    local model=$1 epochs=$2
    local start end
    start=$(date +%s%N)
    "$cli" train "$project" --model "$model" --classes "$classes" --val-subjects "$validation" \
        --epochs "$epochs" --seed "$seed" --threads "$threads" -o "$out/$model.kmodel" \
        2> >(tee "$out/$model-train.log" >&2)
    end=$(date +%s%N)
    echo "$model: trained in $(((end - start) / 1000000)) ms (wall clock)"
    start=$(date +%s%N)
    "$cli" evaluate "$project" --model-file "$out/$model.kmodel" --subjects "$validation" \
        --threads "$threads" --json > "$out/$model-evaluate.json"
    "$cli" evaluate "$project" --model-file "$out/$model.kmodel" --subjects "$validation" \
        --threads "$threads"
    end=$(date +%s%N)
    echo "$model: evaluated (twice: JSON and text) in $(((end - start) / 1000000)) ms"
}
train cnn-center "${CNN_EPOCHS:-30}"
train resnet-supcon "${RESNET_EPOCHS:-20}"

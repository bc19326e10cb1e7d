#!/usr/bin/env bash
# Submits a grayzone ensemble to Slurm: a job array of SHARDS tasks (ensemble.sbatch),
# then a merge step that starts once every task has succeeded.
#
#   OUT=/scratch/$USER/hormuz RUNS=1000000 SHARDS=16 scripts/slurm/submit.sh [sbatch options]
#
# Settings: those of ensemble.sbatch (GRAYZONE, SCENARIO, RUNS, SEED, DAYS, CHUNK, OUT),
# and SHARDS (default 4). Extra arguments go to both sbatch calls (for example
# --partition=short or --account=proj). Prints the two job ids: array, then merge.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${OUT:?set OUT to a shared output folder}"
SHARDS=${SHARDS:-4}
GRAYZONE=${GRAYZONE:-$(command -v grayzone || true)}
[[ -x "$GRAYZONE" ]] || { echo "submit.sh: set GRAYZONE to the grayzone binary" >&2; exit 2; }
export GRAYZONE OUT SCENARIO RUNS SEED DAYS CHUNK

array=$(sbatch --parsable --export=ALL --array="0-$((SHARDS - 1))" "$@" "$here/ensemble.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" --job-name=grayzone-merge \
    --output="slurm-%j-merge.out" "$@" --wrap "\"$GRAYZONE\" merge \"$OUT\"")
echo "$array $merge"

#!/usr/bin/env bash
# Runs a footprint command as N shards of one Slurm job array, then merges
# the parts in a job that depends on the array, waits for it, and leaves
# the merged output at --output. The result is byte-identical to running
# the command unsharded (footprint merge checks the parts belong together).
#
#   scripts/slurm/footprint-sbatch.sh --shards 8 --output results.json -- \
#       run Models/hybrid-buildout.yaml --samples 100000 --format json
#
# Options (before --):
#   --shards N        how many shards (array tasks); default 4
#   --output FILE     where the merged output goes (required)
#   --work DIR        where parts and job logs go; default FILE.parts/
#   --footprint PATH  the footprint binary (default: $FOOTPRINT, then
#                     footprint on PATH, then .build/release/footprint)
#   --sbatch ARG      passed to both sbatch calls (repeatable), e.g.
#                     --sbatch --partition=long --sbatch --time=1:00:00
# After --: the footprint command (run, sweep or sensitivity) and its
# arguments, without --shard and --output.
#
# Shard I of N (I = 1...N) is array task I and runs
#     footprint COMMAND ARGS... --shard I/N --output WORK/part-I.fpp
# and the merge runs
#     footprint merge WORK/part-1.fpp ... WORK/part-N.fpp --output FILE
# Exit status 0 when the merged output was written; otherwise the job
# logs in WORK/logs/ say why (a failed shard cancels the merge).
set -euo pipefail

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
shards=4 output="" work="" footprint=${FOOTPRINT:-} extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --shards) shards=${2:?--shards needs a number}; shift 2 ;;
        --output) output=${2:?--output needs a file}; shift 2 ;;
        --work) work=${2:?--work needs a folder}; shift 2 ;;
        --footprint) footprint=${2:?--footprint needs a path}; shift 2 ;;
        --sbatch) extra+=("${2:?--sbatch needs an argument}"); shift 2 ;;
        --) shift; break ;;
        -h|--help) usage ;;
        *) echo "footprint-sbatch: unknown option '$1' (options come before --; see --help)" >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || { echo "footprint-sbatch: give the footprint command after --, e.g. -- run Models/hybrid-buildout.yaml" >&2; exit 2; }
[ -n "$output" ] || { echo "footprint-sbatch: --output FILE is required" >&2; exit 2; }
case $shards in ''|*[!0-9]*|0) echo "footprint-sbatch: --shards must be a whole number of 1 or more, not '$shards'" >&2; exit 2 ;; esac
for a in "$@"; do
    case $a in --shard|--shard=*|--output|--output=*)
        echo "footprint-sbatch: give --output before --; the script adds --shard and --output to each shard" >&2; exit 2 ;;
    esac
done

if [ -z "$footprint" ]; then
    if command -v footprint >/dev/null 2>&1; then footprint=$(command -v footprint)
    else footprint=$(cd "$(dirname "$0")/../.." && pwd)/.build/release/footprint; fi
fi
[ -x "$footprint" ] || { echo "footprint-sbatch: no footprint binary at '$footprint' (swift build -c release, or --footprint PATH)" >&2; exit 2; }
footprint=$(cd "$(dirname "$footprint")" && pwd)/$(basename "$footprint")
command -v sbatch >/dev/null 2>&1 || { echo "footprint-sbatch: sbatch not found: run this on a Slurm login node" >&2; exit 2; }

work=${work:-$output.parts}
mkdir -p "$work/logs"
work=$(cd "$work" && pwd)
rm -f "$work"/part-* "$work/merged"

# Each argument quoted once, so that the job scripts see them as given.
quoted=$(printf ' %q' "$@")
parts=$(for i in $(seq "$shards"); do printf ' %q' "$work/part-$i.fpp"; done)

array=$(sbatch --parsable --job-name=footprint-shards --array="1-$shards" \
    --output="$work/logs/shard-%a.out" "${extra[@]}" <<JOB
#!/bin/sh
exec $(printf %q "$footprint")$quoted --shard "\$SLURM_ARRAY_TASK_ID/$shards" --output "$work/part-\$SLURM_ARRAY_TASK_ID.fpp"
JOB
)
array=${array%%;*}
echo "footprint-sbatch: submitted $shards shards as job array $array"

# --kill-on-invalid-dep: a failed shard cancels the merge instead of
# leaving it pending forever; --wait returns when the merge ends (with
# status 0 even when it was cancelled, so success is the merged file).
# The merge writes into WORK and the file moves to OUTPUT only then, so a
# failed run leaves an existing OUTPUT as it was.
status=0
sbatch --wait --parsable --job-name=footprint-merge --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$work/logs/merge.out" "${extra[@]}" > /dev/null <<JOB || status=$?
#!/bin/sh
exec $(printf %q "$footprint") merge$parts --output "$work/merged"
JOB
if [ $status -ne 0 ] || [ ! -f "$work/merged" ]; then
    echo "footprint-sbatch: no merged output (a shard or the merge failed, sbatch status $status); logs in $work/logs:" >&2
    tail -n 5 "$work"/logs/*.out >&2 2>/dev/null || true
    exit 1
fi
mv -f "$work/merged" "$output"
echo "footprint-sbatch: wrote $output"

#!/usr/bin/env bash
# CI: footprint on a real single-node Slurm. Installs Slurm and MUNGE when
# missing, starts the daemons, proves that an array job and a job that
# depends on it run, then runs the default model, a sweep and a Sobol
# analysis as 4 shards with footprint-sbatch.sh and compares each merged
# output with the unsharded command's byte for byte (cmp); stops the
# daemons it started whatever happens. Needs root (scripts/slurm/preflight.sh
# says whether this machine can run it) and the release build: FOOTPRINT_BIN,
# or it builds one. Run from anywhere: make slurm-test.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
samples=${SAMPLES:-400}
model=${MODEL:-Models/hybrid-buildout.yaml}

scripts/slurm/install.sh
# make test and make slurm-test pass the release build they made (under
# sudo, building here would leave root-owned files in .build).
if [ -n "${FOOTPRINT_BIN:-}" ]; then
    footprint=$FOOTPRINT_BIN
else
    swift build -c release --product footprint
    footprint=$repo/.build/release/footprint
fi

export FOOTPRINT_SLURM_DIR=${FOOTPRINT_SLURM_DIR:-$(mktemp -d /tmp/footprint-slurm-ci.XXXXXX)}
export SLURM_CONF=$FOOTPRINT_SLURM_DIR/slurm.conf
work=$(mktemp -d /tmp/footprint-slurm-work.XXXXXX)
trap 'scripts/slurm/stop.sh || true; rm -rf "$work"' EXIT
scripts/slurm/start.sh

echo "== plumbing: a 4-task array of footprint validate, then a job depending on it"
array=$(sbatch --parsable --array=1-4 --output="$work/validate-%a.out" --wrap "$footprint validate $model")
sbatch --wait --dependency="afterok:${array%%;*}" --kill-on-invalid-dep=yes --output="$work/after.out" \
    --wrap "cat $work/validate-*.out" > /dev/null
[ "$(grep -c ': ok' "$work/after.out")" = 4 ] || { echo "plumbing: expected 4 validations in $work/after.out" >&2; cat "$work/after.out" >&2; exit 1; }
echo "plumbing: ok (4 array tasks, then the dependent job)"

status=0
for format in json csv; do
    echo "== $model, $samples draws, $format: 4 shards on Slurm against the unsharded run"
    "$footprint" run "$model" --samples "$samples" --format "$format" --output "$work/unsharded.$format"
    scripts/slurm/footprint-sbatch.sh --shards 4 --output "$work/merged.$format" --footprint "$footprint" -- \
        run "$model" --samples "$samples" --format "$format"
    if cmp "$work/unsharded.$format" "$work/merged.$format"; then
        echo "$format: merged output identical to the unsharded run ($(wc -c < "$work/merged.$format") bytes)"
    else
        status=1
    fi
done
# A sweep and a Sobol analysis, sharded the same way.
compare() {  # NAME ARGS...: unsharded against 4 shards merged on Slurm
    name=$1; shift
    echo "== $name: 4 shards on Slurm against the unsharded command"
    "$footprint" "$@" --output "$work/unsharded-$name"
    scripts/slurm/footprint-sbatch.sh --shards 4 --output "$work/merged-$name" --footprint "$footprint" -- "$@"
    if cmp "$work/unsharded-$name" "$work/merged-$name"; then
        echo "$name: merged output identical to the unsharded command ($(wc -c < "$work/merged-$name") bytes)"
    else
        status=1
    fi
}
compare sweep sweep "$model" --vary sites.aws-us-east-1.pue=1.1,1.3 --vary fleets.trainium2.utilization=0.5,0.8 \
    --samples 200 --format csv
compare sobol sensitivity "$model" --base-samples 128 --format json
exit $status

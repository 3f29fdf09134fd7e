#!/usr/bin/env bash
# Stops the daemons that start.sh started, and only those: the PIDs it
# recorded in $FOOTPRINT_SLURM_DIR/pids, in reverse order (slurmd,
# slurmctld, munged). A daemon that has exited but not been reaped shows
# as a zombie (state Z) for a while; it counts as stopped.
set -euo pipefail

dir=${FOOTPRINT_SLURM_DIR:-/tmp/footprint-slurm}
pids=$dir/pids
[ -f "$pids" ] || { echo "slurm: nothing to stop ($pids not found)"; exit 0; }
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

status=0
for entry in $(tac "$pids" | tr ' ' ':'); do
    name=${entry%%:*} pid=${entry#*:}
    alive "$pid" || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
        if alive "$pid"; then echo "slurm: $name (PID $pid) did not stop" >&2; status=1; fi
    fi
    echo "slurm: stopped $name (PID $pid)"
done
[ $status -eq 0 ] && rm -f "$pids"
exit $status

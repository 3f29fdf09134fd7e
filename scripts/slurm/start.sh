#!/usr/bin/env bash
# Starts a real single-node Slurm on this machine for testing the job
# scripts: munged, then slurmctld and slurmd, in the foreground of
# background shells so the PIDs recorded are the daemons themselves (no
# systemd needed). Everything lives in $FOOTPRINT_SLURM_DIR (default
# /tmp/footprint-slurm): slurm.conf, state, spool, logs and the PIDs that
# stop.sh stops. Afterwards:
#     export SLURM_CONF=$FOOTPRINT_SLURM_DIR/slurm.conf
# (start.sh prints the line).
set -euo pipefail

dir=${FOOTPRINT_SLURM_DIR:-/tmp/footprint-slurm}
pids=$dir/pids
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

if [ -f "$pids" ]; then
    while read -r _ pid; do
        if alive "$pid"; then echo "slurm: already running (PIDs in $pids); stop.sh first" >&2; exit 1; fi
    done < "$pids"
fi
for d in slurmctld slurmd munged; do
    command -v "$d" >/dev/null 2>&1 || { echo "slurm: $d not found: run scripts/slurm/install.sh" >&2; exit 1; }
done

mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
# munged (its own user) must reach its folder in $dir, which mktemp may
# have made private.
chmod 755 "$dir"
chown munge:munge "$dir/munge"
: > "$pids"
host=$(hostname -s)
# The node as slurmd sees it (CPUs, sockets, cores, memory), without the
# UpTime line, and named for this host so that the controller finds it.
node=$(slurmd -C | grep '^NodeName=' | sed "s/^NodeName=[^ ]*/NodeName=$host/")
conf=$dir/slurm.conf
cat > "$conf" <<CONF
# Written by scripts/slurm/start.sh: a single-node Slurm for tests.
ClusterName=footprint
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
MinJobAge=4
ReturnToService=2
$node State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF

# munged runs as its own user (setpriv execs, so the PID recorded is
# munged's) and wants its socket folder owned by it.
install -d -o munge -g munge -m 0755 /run/munge
[ -d /var/lib/munge ] && chown munge:munge /var/lib/munge
launch() { # name command...: runs in the background, records the PID
    local name=$1; shift
    nohup "$@" > "$dir/$name.out" 2>&1 < /dev/null &
    echo "$name $!" >> "$pids"
}
launch munged setpriv --reuid=munge --regid=munge --init-groups munged --foreground --log-file="$dir/munge/munged.log" \
    --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munged.seed"
for _ in $(seq 50); do [ -S /run/munge/munge.socket.2 ] && break; sleep 0.1; done
[ -S /run/munge/munge.socket.2 ] || { echo "slurm: munged did not start; see $dir/munged.out" >&2; exit 1; }

export SLURM_CONF=$conf
launch slurmctld slurmctld -D -i -f "$conf"
launch slurmd slurmd -D -f "$conf"

# Ready when the node accepts jobs.
for _ in $(seq 150); do
    state=$(sinfo -h -N -o %t 2>/dev/null | head -1 || true)
    case $state in idle|mix|alloc) break ;; esac
    sleep 0.2
done
case $state in
    idle|mix|alloc) echo "slurm: node $host $state (logs in $dir)"; echo "export SLURM_CONF=$conf" ;;
    *) echo "slurm: node not ready (state '${state:-none}'); see $dir/slurmctld.log and $dir/slurmd.log" >&2; exit 1 ;;
esac

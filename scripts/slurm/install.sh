#!/usr/bin/env bash
# Installs a single-node Slurm (controller, node daemon, client) and MUNGE
# from Debian's packages when they are missing. Installing creates MUNGE's
# key (/etc/munge/munge.key); no daemon is started (start.sh does that).
set -euo pipefail

need=()
command -v slurmctld >/dev/null 2>&1 || need+=(slurmctld)
command -v slurmd >/dev/null 2>&1 || need+=(slurmd)
command -v sbatch >/dev/null 2>&1 || need+=(slurm-client)
command -v munged >/dev/null 2>&1 || need+=(munge)
if [ ${#need[@]} -eq 0 ]; then echo "slurm: already installed"; exit 0; fi

command -v apt-get >/dev/null 2>&1 || {
    echo "slurm: install ${need[*]} with your package manager (apt-get not found)" >&2; exit 1; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "slurm: installing ${need[*]} with apt-get..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
[ -f /etc/munge/munge.key ] || { echo "slurm: /etc/munge/munge.key missing after install" >&2; exit 1; }
echo "slurm: installed $(sinfo --version 2>/dev/null || echo slurm)"

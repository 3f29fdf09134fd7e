#!/usr/bin/env bash
# Whether this machine can run the Slurm test (make slurm-test), for
# `make test`: prints `root` or `sudo` (how to run it) and exits 0, or
# prints one line saying why not and exits 1. The test starts slurmctld,
# slurmd and munged as root, and installs Slurm and MUNGE with apt-get
# when they are missing.
set -uo pipefail

if [ "$(id -u)" = 0 ]; then
    how=root
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    how=sudo
else
    echo "it needs root or passwordless sudo (the Slurm and MUNGE daemons run as root)"
    exit 1
fi

missing=()
for tool in slurmctld slurmd sbatch munged; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ] && ! command -v apt-get >/dev/null 2>&1; then
    echo "${missing[*]} not installed and no apt-get to install them (Debian or Ubuntu; see scripts/slurm/install.sh)"
    exit 1
fi
echo "$how"

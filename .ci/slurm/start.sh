#!/usr/bin/env bash
# Starts a single-node Slurm without systemd: munged, slurmctld and slurmd,
# each run directly with its pid, log, socket and state in one folder; waits
# until sinfo shows the node idle. Stop it with .ci/slurm/stop.sh <state dir>.
#
# Usage: bash .ci/slurm/start.sh <state dir>
#        export SLURM_CONF=<state dir>/slurm.conf    # for sbatch, squeue, sinfo...
# Needs Debian's slurmctld slurmd slurm-client munge; runs as root.
# SERLAB_SLURM_PORT (default 6817) and the next port are slurmctld's and slurmd's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${1:?usage: start.sh <state dir>}
for cmd in munged mungekey slurmctld slurmd sinfo; do
  if ! command -v "$cmd" >/dev/null; then
    echo "error: $cmd not found: apt-get install slurmctld slurmd slurm-client munge" >&2
    exit 1
  fi
done
mkdir -p "$state"
state=$(cd "$state" && pwd)
mkdir -p "$state/munge" "$state/ctld" "$state/spool" "$state/log"
chmod 700 "$state/munge"
port=${SERLAB_SLURM_PORT:-6817}

# A fresh munge key of this cluster's own (munged checks that only its owner can read it).
key="$state/munge/munge.key"
[ -f "$key" ] || mungekey --create --keyfile="$key"
chmod 400 "$key"
munged --force --key-file="$key" --socket="$state/munge/munge.socket" \
  --pid-file="$state/munged.pid" --log-file="$state/log/munged.log" \
  --seed-file="$state/munge/munged.seed"

node=$(slurmd -C | head -1 | sed -E 's/^NodeName=[^ ]+/NodeName=localhost/')
sed -e "s|@STATE@|$state|g" -e "s|@CTLD_PORT@|$port|g" -e "s|@SLURMD_PORT@|$((port + 1))|g" \
  -e "s|@NODE@|$node|" "$here/slurm.conf.in" >"$state/slurm.conf"
export SLURM_CONF="$state/slurm.conf"

# -c: start with no saved jobs; both fork into the background and write their pid files.
slurmctld -c -f "$SLURM_CONF"
slurmd -c -f "$SLURM_CONF" -N localhost

for _ in $(seq 1 60); do
  if [ "$(sinfo -h -o %T 2>/dev/null)" = "idle" ]; then
    echo "slurm: node localhost idle ($node); export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 1
done
echo "error: slurm did not come up in 60 s: sinfo says '$(sinfo -h -o '%T %E' 2>&1 | head -1)'; logs in $state/log" >&2
exit 1

#!/usr/bin/env bash
# Stops what .ci/slurm/start.sh started in <state dir>: cancels every job of
# that cluster (so no job step outlives it), then ends slurmd, slurmctld and
# munged by the pids in their pid files. Safe to run twice, or after a
# failed start.
#
# Usage: bash .ci/slurm/stop.sh <state dir>
set -uo pipefail
state=${1:?usage: stop.sh <state dir>}
[ -d "$state" ] || exit 0
state=$(cd "$state" && pwd)
export SLURM_CONF="$state/slurm.conf"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if alive "$state/slurmctld.pid" && [ -f "$SLURM_CONF" ]; then
  jobs=$(squeue -h -o %A 2>/dev/null | sort -u)
  if [ -n "$jobs" ]; then
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null
    for _ in $(seq 1 30); do
      [ -z "$(squeue -h -t PENDING,RUNNING,SUSPENDED,COMPLETING -o %A 2>/dev/null)" ] && break
      sleep 1
    done
  fi
fi

for daemon in slurmd slurmctld munged; do
  pidfile="$state/$daemon.pid"
  alive "$pidfile" || continue
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null
done
echo "slurm: stopped ($state)"

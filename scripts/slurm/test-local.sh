#!/usr/bin/env bash
# End-to-end test of the Slurm route on this one machine, as root, without systemd:
# installs Slurm and munge from Debian's packages (when missing), starts munged,
# slurmctld and slurmd on localhost, submits a 4-task array of a small ensemble with
# its merge step (submit.sh), and checks that the merged tables equal, byte for byte,
# those of the same ensemble run unsharded. Stops the daemons it started and removes the
# slurm.conf it wrote on exit. A failed array task fails the test at once, with its log:
# the merge step waits on the tasks (afterok), and kill_invalid_depend cancels it instead
# of leaving it pending forever.
#
#   scripts/slurm/test-local.sh            # builds grayzone in release mode first
#   GRAYZONE=path/to/grayzone scripts/slurm/test-local.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
say() { echo "test-local: $*" >&2; }
[[ $(id -u) == 0 ]] || { say "run as root (it installs packages and starts daemons)"; exit 2; }

if [[ -z "${GRAYZONE:-}" ]]; then
    (cd "$root" && cargo build --release --quiet)
    GRAYZONE="${CARGO_TARGET_DIR:-$root/target}/release/grayzone"
fi
export GRAYZONE

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
fi

work=$(mktemp -d /tmp/grayzone-slurm.XXXXXX)
started=()
conf_dir=/etc/slurm
wrote_conf=
cleanup() {
    for pidfile in "${started[@]}"; do
        [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    [[ -n "${munge_pid:-}" ]] && kill "$munge_pid" 2>/dev/null || true
    if [[ -n $wrote_conf ]]; then
        rm -f "$conf_dir/slurm.conf" "$conf_dir/.grayzone-test"
    fi
}
trap cleanup EXIT

# munge: the package made the key; the daemon runs as its own user.
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    su -s /bin/sh munge -c /usr/sbin/munged
    munge_pid=$(pgrep -u munge -n munged)
fi
munge -n | unmunge >/dev/null

# A single-node cluster on this host.
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) * 9 / 10 ))
mkdir -p "$conf_dir" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
if [[ -f $conf_dir/slurm.conf && ! -f $conf_dir/.grayzone-test ]]; then
    say "$conf_dir/slurm.conf exists and was not written by this test: not touching it"
    exit 2
fi
wrote_conf=yes
cat > "$conf_dir/slurm.conf" <<CONF
ClusterName=grayzone-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
SchedulerParameters=kill_invalid_depend
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
touch "$conf_dir/.grayzone-test"

if ! pgrep -x slurmctld >/dev/null; then
    /usr/sbin/slurmctld
    started+=(/run/slurmctld.pid)
fi
if ! pgrep -x slurmd >/dev/null; then
    /usr/sbin/slurmd
    started+=(/run/slurmd.pid)
fi
for _ in $(seq 60); do
    sinfo -h -o %T 2>/dev/null | grep -qx idle && break
    sleep 1
done
sinfo -h -o %T | grep -qx idle || { say "the node did not come up"; sinfo >&2; exit 1; }

# The experiment: 4 shards sharing one folder, then the merge step.
runs=4000 days=90 chunk=500
cd "$work"
say "submitting a 4-task array of $runs runs, then its merge"
read -r array merge < <(OUT="$work/sharded" RUNS=$runs DAYS=$days CHUNK=$chunk SHARDS=4 \
    "$here/submit.sh" --cpus-per-task=1)
for _ in $(seq 600); do
    [[ -z $(squeue -h -j "$array,$merge" 2>/dev/null) ]] && break
    sleep 1
done
[[ -z $(squeue -h -j "$array,$merge" 2>/dev/null) ]] || { say "jobs still queued after 10 minutes"; squeue >&2; exit 1; }
# Every task and the merge must have completed; a failed one is named with its log.
failed=$(for job in "$array" "$merge"; do scontrol -o show job "$job" 2>/dev/null; done \
    | grep -v 'JobState=COMPLETED' | grep -o 'JobId=[0-9]*\|ArrayTaskId=[0-9]*\|JobState=[A-Z_]*' \
    | paste -sd' ' - || true)
if [[ -n $failed ]]; then
    say "a job did not complete: $failed"
    cat "$work"/slurm-*.out >&2 2>/dev/null || true
    exit 1
fi

"$GRAYZONE" ensemble --runs $runs --days $days --chunk-size $chunk --out "$work/whole" >/dev/null 2>&1
status=0
for table in runs.parquet daily.parquet; do
    if [[ ! -f $work/sharded/$table ]]; then
        say "the merge step wrote no $table"; cat "$work"/slurm-*.out >&2; status=1
    elif cmp -s "$work/sharded/$table" "$work/whole/$table"; then
        say "$table: merged shards equal the unsharded run, byte for byte"
    else
        say "$table differs from the unsharded run"; status=1
    fi
done
[[ $status == 0 ]] && say "ok" && rm -rf "$work"
exit $status

# Shared by the benches that compare berthd with Docker and count each daemon's CPU. Source it after setting
# RUNS/BERTH_HOST; the first argument of the bench ("--compare") adds the anchor Docker beside berthd.
compare=${1:-}
hosts=("berthd=$BERTH_HOST")
declare -A pids
pids[berthd]=$(cat "$(dirname "${BERTH_HOST#unix://}")/berthd.pid")
if [ "$compare" = --compare ]; then
  hosts+=("Docker=$(../shared/anchor-docker.sh | sed -n 's/^DOCKER_HOST=//p')")
  dockerd=$(cat /run/anchor-docker.pid)
  pids[Docker]="$dockerd $(pgrep -P "$dockerd" containerd | tr '\n' ' ')"
fi
# CPU ticks (user + system, own and reaped children) of a daemon's processes
ticks() { local s=0 p; for p in ${pids[$1]}; do s=$((s + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat"))); done; echo "$s"; }
tick_ms=$((1000 / $(getconf CLK_TCK)))
# the median of a space-separated list of integers
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

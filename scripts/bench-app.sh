#!/usr/bin/env bash
# Prints the app's figures for a release build under Xvfb (software Vulkan):
#  - launch to first frame, for liandong and for a bare Bevy window with the same features
#    (median of 5 runs each; the ratio is the figure, aim <= 1.3);
#  - CPU used over 10 s of idling on the title screen with no input (aim < 2 % of one core);
#  - peak resident memory (VmHWM) during that run.
# Needs: xvfb, mesa-vulkan-drivers. A release build takes about 15 minutes the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --bin liandong --example bare_window
app=$PWD/target/release/liandong
bare=$PWD/target/release/examples/bare_window
runs=5

first_frame() { # binary -> median ms
  local values=()
  for ((i = 0; i < runs; i++)); do
    values+=("$(LIANDONG_EXIT_AFTER_FIRST_FRAME=1 xvfb-run -a -s "-screen 0 1280x720x24" "$@" 2>/dev/null \
      | awk '/^first-frame-ms/ {print $2}')")
  done
  printf '%s\n' "${values[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

app_ms=$(first_frame "$app")
bare_ms=$(first_frame "$bare")
ratio=$(awk -v a="$app_ms" -v b="$bare_ms" 'BEGIN {printf "%.2f", a / b}')

# idle: start the app, let it settle, then count its CPU ticks over 10 s
xvfb-run -a -s "-screen 0 1280x720x24" "$app" >/dev/null 2>&1 &
runner=$!
pid=""
for _ in $(seq 1 100); do
  pid=$(pgrep -n -x liandong || true)
  [[ -n "$pid" ]] && break
  sleep 0.1
done
sleep 5
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep 10
after=$(ticks)
peak_kib=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
kill "$pid" 2>/dev/null || true
wait "$runner" 2>/dev/null || true
idle=$(awk -v d=$((after - before)) -v hz="$hz" 'BEGIN {printf "%.2f", 100 * d / hz / 10}')

echo "launch to first frame: liandong ${app_ms} ms, bare Bevy window ${bare_ms} ms, ratio ${ratio}"
echo "idle CPU over 10 s: ${idle} % of one core"
echo "peak memory: $((peak_kib / 1024)) MiB"
echo "(release build, Xvfb + llvmpipe, $(nproc) cores, $(date -u +%Y-%m-%d))"

#!/usr/bin/env bash
# Times clicks in the app, as a trainee and a trainer make them: the release build under Xvfb
# with software Vulkan (Mesa's llvmpipe) at 1280x720, driven by `--autopilot latency`, which
# moves the pointer onto a button, presses and releases it (window events, as winit writes
# them) and times the release to the presented frame that shows the change. Prints median and
# p95 per kind of click (a chip toggle, a line chosen, an answer confirmed, three screen
# changes, a contest setup toggle, an observer score, the interface scale); the aim is
# p95 <= 100 ms for each.
# Needs: xvfb, mesa-vulkan-drivers. A release build takes 10-30 minutes the first time.
# LIANDONG_LATENCY_SAMPLES sets the samples per kind (default 40).
# Usage: scripts/bench-latency.sh [SIZE]   (SIZE defaults to 1280x720)
set -euo pipefail
size=${1:-1280x720}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --bin liandong
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/liandong
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "machine: $(nproc) cores ($cpu), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "build: release, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d)"
if ! timeout 3600 xvfb-run -a -s "-screen 0 ${size}x24" \
    "$bin" --autopilot latency --size "$size" --data-dir "$data/data" >"$data/out" 2>"$data/log"; then
  cat "$data/out"
  echo "the latency run failed; last lines of its log:" >&2
  tail -n 30 "$data/log" >&2
  exit 1
fi
cat "$data/out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

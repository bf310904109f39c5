#!/usr/bin/env bash
# Prints how long `liandong paths` takes on every bundled case (all roles, the default limit of
# 20,000 paths), in a release build, with the customer's state and endings included.
# Usage: scripts/bench-paths.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --no-default-features
bin=target/release/liandong
slowest=0
total=0
for file in $(find scenarios -maxdepth 1 -name '*.ron' ! -name rules.ron | sort); do
  start=$(date +%s%N)
  summary=$("$bin" paths "$file" --format json)
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  total=$((total + ms))
  if ((ms > slowest)); then slowest=$ms; fi
  echo "$summary" | python3 -c '
import json, sys
s = json.load(sys.stdin)
kind = "all" if s["exhaustive"] else "sample"
outcomes = ", ".join(k + " " + str(v) for k, v in s["outcomes"].items())
name, ms = sys.argv[1], sys.argv[2]
print("%-40s %6s ms  %6d paths (%s), passed %d, red-line successes %d; %s" % (
    name, ms, s["paths"], kind, s["passed"], s["red_line_successes"], outcomes))
' "$file" "$ms"
done
echo "paths on every bundled case: ${total} ms in all, slowest ${slowest} ms (release, $(nproc) cores)"

#!/usr/bin/env bash
# Prints how long the results database takes with 10,000 runs: saving them one transaction
# each (as the app does, with synchronous=FULL), then a trainee's history and a 12-team
# scoreboard built from them. Release build; the database lives in a temporary folder on
# the same disk as /tmp.
# Usage: scripts/bench-store.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --locked --quiet --no-default-features --example bench_store

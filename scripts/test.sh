#!/usr/bin/env bash
# The whole test suite, as CI runs it: starts a real learning record store for the sync tests
# (ralph on 127.0.0.1, installed into a virtualenv on first use by scripts/ralph-lrs.sh),
# runs `cargo test --locked` with any arguments given, and stops the LRS however the tests end.
#
# Plain `cargo test` works too: the tests that need ralph, LibreOffice or node then say what
# they did not check (and fail instead under CI, where LIANDONG_CI is set).
set -euo pipefail
cd "$(dirname "$0")/.."
lrs_dir="$(mktemp -d "${TMPDIR:-/tmp}/liandong-lrs.XXXXXX")"
trap 'scripts/ralph-lrs.sh stop "$lrs_dir"; rm -rf "$lrs_dir"' EXIT
settings="$(scripts/ralph-lrs.sh start "$lrs_dir")"
while IFS= read -r line; do
  export "${line?}"
done <<<"$settings"
echo "learning record store for the tests: ralph on ${LIANDONG_TEST_LRS##*@}" >&2
cargo test --locked "$@"

#!/usr/bin/env bash
# A real learning record store for the tests and for trying the sync by hand: ralph
# (https://github.com/openfun/ralph) from PyPI in a virtual environment, with its file backend,
# on 127.0.0.1.
#
#   scripts/ralph-lrs.sh start DIR   installs ralph if needed, starts it on a free port with its
#                                    data in DIR, and prints the variables the tests read:
#                                    LIANDONG_TEST_LRS=http://KEY:SECRET@127.0.0.1:PORT/xAPI and
#                                    LIANDONG_TEST_RALPH=<the virtualenv's python>
#   scripts/ralph-lrs.sh stop DIR    stops it
#   scripts/ralph-lrs.sh install     only installs (into $LIANDONG_TOOLS, ~/.cache/liandong)
#
# scripts/ralph_lrs.py is what runs: ralph 5.1.0's file backend refuses every write after the
# first unless its default operation type is APPEND, which it sets before the app starts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="${LIANDONG_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/liandong}"
venv="$tools/ralph-venv"
python="$venv/bin/python"

install() {
  if [[ ! -x "$python" ]] || ! "$python" -c 'import ralph.api, requests' 2>/dev/null; then
    mkdir -p "$tools"
    python3 -m venv "$venv"
    # ralph's LRS uses requests without declaring it
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'ralph-malph[cli,lrs]==5.1.0' requests >&2
  fi
}

case "${1:-}" in
  install)
    install
    ;;
  start)
    dir="${2:?usage: $0 start DIR}"
    install
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    key=liandong-test
    secret="$("$python" -c 'import secrets; print(secrets.token_hex(12))')"
    "$python" "$here/ralph_lrs.py" --port "$port" --dir "$dir" --user "$key" --password "$secret" \
      >"$dir/ralph.log" 2>&1 &
    echo $! >"$dir/pid"
    for _ in $(seq 1 100); do
      if "$python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/__lbheartbeat__', timeout=1)" 2>/dev/null; then
        echo "LIANDONG_TEST_LRS=http://$key:$secret@127.0.0.1:$port/xAPI"
        echo "LIANDONG_TEST_RALPH=$python"
        exit 0
      fi
      kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
      sleep 0.2
    done
    echo "ralph did not start; its log:" >&2
    cat "$dir/ralph.log" >&2
    exit 1
    ;;
  stop)
    dir="${2:?usage: $0 stop DIR}"
    if [[ -f "$dir/pid" ]]; then
      kill "$(cat "$dir/pid")" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  *)
    echo "usage: $0 install | start DIR | stop DIR" >&2
    exit 2
    ;;
esac

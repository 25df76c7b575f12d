#!/usr/bin/env bash
# Instructions per page, counted by valgrind's callgrind: unlike requests
# per second, the count does not move with the machine's speed or load, so
# two builds compare on any machine, one run each. The same set-up as
# `make bench` (100 courses, a member with 100 bookings), then 100 requests
# of `/courses` and 100 of the member's `/bookings`, counted one page at a
# time with everything else (start-up, set-up) left out.
#   TESSERA_BIN=… LEPTOS_SITE_ROOT=… scripts/bench_instructions.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="${TESSERA_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/tessera/target}/release/tessera}"
port="${BENCH_PORT:-3450}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
command -v valgrind >/dev/null || { echo "valgrind is needed (Debian: valgrind)"; exit 1; }

source scripts/bench_env.sh
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.%p" \
  "$bin" serve >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 600); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
python3 scripts/bench_setup.py "$base" "$work" >/dev/null
cookie="$(cat "$work/cookie.txt")"

count() { # page → instructions per request
  local page="$1"
  for _ in 1 2 3 4 5; do curl -fs -o /dev/null -H "Cookie: $cookie" "$base$page"; done
  callgrind_control -z "$pid" >/dev/null 2>&1
  callgrind_control -i on "$pid" >/dev/null 2>&1
  for _ in $(seq 100); do curl -fs -o /dev/null -H "Cookie: $cookie" "$base$page"; done
  callgrind_control -i off "$pid" >/dev/null 2>&1
  callgrind_control --dump="${page#/}" "$pid" >/dev/null 2>&1
  sleep 1
  local file
  file="$(ls -t "$work"/callgrind.* | head -n1)"; [ -n "${KEEP:-}" ] && echo "$file" >&2
  awk '/^summary:|^totals:/ { n = $2 } END { printf "%.2f M instructions per page\n", n / 100 / 1e6 }' "$file"
}
for page in /courses /bookings; do
  printf '   %-10s ' "$page"
  count "$page"
done

#!/usr/bin/env bash
# `make bench`: Tessera's speed and memory figures on this machine, printed,
# never asserted. Release build, SQLite, the built-in Stripe simulator, all on
# loopback; every load is bounded in requests and time.
#
#   first load            /courses cold and warm on a throttled phone (end2end/first-load.mjs)
#   book → checkout URL   latency of book_course (hold + Checkout Session), p50/p99
#   webhook               verified, signed events applied per second
#   /courses, /bookings   SSR throughput and p99 at 50 connections (a member with 100 bookings)
#   /courses, en and de   a visitor's catalog in English and German, interleaved
#   /courses, grown       the same with 1,000 and 10,000 courses in the table
#   memory                the server's peak RSS (VmHWM) over the whole run
#
# BENCH_DATABASE_URL runs it on another (empty) database, e.g. PostgreSQL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="${TESSERA_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/tessera/target}/release/tessera}"
port="${BENCH_PORT:-3400}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

if ! command -v wrk >/dev/null; then
  echo "[bench] installing wrk (Debian) to generate HTTP load"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

source scripts/bench_env.sh
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

echo "== first load of /courses on a phone: slow 4G (1.6 Mbit/s, 150 ms), CPU slowed 4x"
(cd end2end && node first-load.mjs "$base")
echo "   the same in German (Accept-Language: de-DE)"
(cd end2end && FIRST_LOAD_LOCALE=de-DE node first-load.mjs "$base")
echo "   (targets: cold <= 300 KB and interactive <= 3 s; warm <= 30 KB)"

echo
echo "== setting up: 100 courses, one member who books each of them"
python3 scripts/bench_setup.py "$base" "$work"

echo
echo "== book_course → checkout URL (100 bookings, one after another)"
python3 - "$work/book_latencies.txt" <<'PY'
import sys
xs = sorted(float(l) for l in open(sys.argv[1]))
pct = lambda p: xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000
print(f"   n={len(xs)}  p50={pct(50):.1f} ms  p99={pct(99):.1f} ms  (target p99 <= 50 ms)")
PY

cookie="$(cat "$work/cookie.txt")"
echo
echo "== webhook: 20,000 distinct signed events, 8 connections, 3 s at most"
wrk -t2 -c8 -d3s -s "$work/webhook.lua" "$base/api/stripe/webhook" | sed -n '/Requests\/sec/p;/Non-2xx/p' | sed 's/^/   /'
echo "   (target >= 1,000 events/s; each is verified and recorded in its own transaction)"

for page in /courses /bookings; do
  echo
  echo "== GET $page at 50 connections for 10 s"
  wrk -t2 -c50 -d10s --latency -H "Cookie: $cookie" "$base$page" \
    | sed -n '/Requests\/sec/p;/ 50%/p;/ 99%/p;/Non-2xx/p' | sed 's/^/   /'
done
echo "   (target: dashboard p99 <= 25 ms)"

echo
echo "== GET /courses compressed as browsers ask (bytes on the wire; 50 connections, 10 s each)"
echo "   (zstd: Chrome, Edge, Firefox; gzip: Safari, since Brotli is not made on the fly)"
for coding in zstd gzip; do
  size="$(curl -s -H "Accept-Encoding: $coding" "$base/courses" | wc -c)"
  printf '   %-5s %6s bytes, ' "$coding" "$size"
  wrk -t2 -c50 -d10s --latency -H "Accept-Encoding: $coding" "$base/courses" \
    | awk '/Requests\/sec/ { rps = $2 } / 99%/ { p99 = $2 } END { printf "%s req/s, p99 %s\n", rps, p99 }'
done
printf '   none  %6s bytes\n' "$(curl -s "$base/courses" | wc -c)"

echo
echo "== GET /courses for a visitor in English and in German, interleaved (50 connections, 5 s each)"
for round in 1 2; do
  for lang in en de-DE; do
    printf '   %-5s round %s: ' "$lang" "$round"
    wrk -t2 -c50 -d5s --latency -H "Accept-Language: $lang" "$base/courses" \
      | awk '/Requests\/sec/ { rps = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { bad = " non-2xx: " $NF }
             END { printf "%s req/s, p99 %s%s\n", rps, p99, bad }'
  done
done
echo "   (target: German within the noise of English)"

echo
echo "== GET /courses as the catalog grows (published courses in the table; 50 connections, 10 s)"
for n in 1000 10000; do
  python3 scripts/bench_grow.py "$DATABASE_URL" "$n"
  printf '   %6s courses: ' "$n"
  wrk -t2 -c50 -d10s --latency "$base/courses" \
    | awk '/Requests\/sec/ { rps = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { bad = " non-2xx: " $NF }
           END { printf "%s req/s, p99 %s%s\n", rps, p99, bad }'
done
echo "   (target: 10,000 courses within 20% of the throughput with 100 above)"

echo
echo "== finding among 10,000 courses (50 connections, 10 s each)"
# Page 300 reached by Next carries the course it starts after.
deep="$(curl -s "$base/courses?page=299" | grep -o 'href="/courses?page=300[^"]*"' | head -1 \
  | sed 's/^href="//; s/"$//; s/&amp;/\&/g')"
from="$(date -u -d '+60 days' +%F)"; to="$(date -u -d '+90 days' +%F)"
for path in "/courses" "/courses?page=300" "$deep" "/courses?q=pottery+lev" "/courses?q=grown+cours" \
            "/courses?topic=cooking&from=$from&to=$to"; do
  printf '   %-48s ' "$path"
  wrk -t2 -c50 -d10s --latency "$base$path" \
    | awk '/Requests\/sec/ { rps = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { bad = " non-2xx: " $NF }
           END { printf "%s req/s, p99 %s%s\n", rps, p99, bad }'
done
echo "   (target: page 300 by Next, two words, and topic with days each within 2x of the first page)"

echo
echo "== server memory"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status" | sed 's/^/   /'
echo "   (target: peak RSS <= 100 MB)"

#!/usr/bin/env bash
# Report-card latency under load, on loopback only, bounded in time.
# Builds the release binary, imports a 20-commitment × 21-member cycle (plus the seed chapters
# when ../shared/seeds is present), serves it on 127.0.0.1, and runs wrk with 32 connections for
# DURATION seconds (default 10) against the report card. The server is stopped on exit.
# Needs: wrk (Debian package `wrk`).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
PORT=${PORT:-18080}
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release -q -p pledgewatch-cli
bin=${CARGO_TARGET_DIR:-target}/release/pledgewatch
db="$work/bench.db"

# 20 commitments × 21 members, scores cycling through −1, 0, +1, one n/a and one blank per row.
{
  printf 'commitment,title,area'
  for m in $(seq 1 21); do printf ',Member %02d' "$m"; done
  printf '\n'
  for c in $(seq 1 20); do
    printf '%d,Commitment %d,Area %d' "$c" "$c" $((c % 5))
    for m in $(seq 1 21); do
      case $(((c * 7 + m) % 23)) in 0) printf ',n/a' ;; 1) printf ',' ;; *) printf ',%d' $(((c + m) % 3 - 1)) ;; esac
    done
    printf '\n'
  done
} >"$work/matrix.csv"
"$bin" --db "$db" import scores "$work/matrix.csv" --cycle "Bench 20x21" >/dev/null

"$bin" --db "$db" serve --addr "127.0.0.1:$PORT" --no-demo 2>"$work/server.log" &
server=$!
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break
  sleep 0.1
done
url="http://127.0.0.1:$PORT/cycles/bench-20x21"
curl -fs "$url" >/dev/null || { echo "report card not served at $url"; cat "$work/server.log"; exit 1; }
echo "== report card, 20 × 21, 32 connections, ${DURATION}s: $url"
wrk -t2 -c32 -d"${DURATION}s" --latency --timeout 2s "$url"

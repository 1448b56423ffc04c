#!/usr/bin/env bash
# Workspace latency under load, on loopback only, bounded in time.
# Builds the release binary; prepares a database with the 20-commitment × 21-member cycle of
# bench-web.sh and the demo report (crates/cli/demo, written by us); creates a lead analyst
# assigned to commitments 1 and 2 (41 assessments) and 18 of the demo, and an editor who reopens
# the published assessments the benchmark edits; serves it on 127.0.0.1 and runs, for DURATION
# seconds each (default 10), at 32 connections:
#   1. the evidence editor page (GET …/evidence/1 of the demo's 18/Canada, signed in with a
#      session cookie from the real /login form), wrk -t2 -c32;
#   2. an API write (PUT /api/v1/cycles/…/commitments/{code}/members/{member}, score and
#      narrative), wrk -t32 -c32 with scripts/bench-api-write.lua: each connection writes its
#      OWN assessment carrying the version the previous response gave, so every write is
#      accepted and the figure is write latency, not a stream of 409s.
# The server is stopped on exit. Needs: wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
PORT=${PORT:-18081}
CONNECTIONS=32
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; wait "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release -q -p pledgewatch-cli
bin="${CARGO_TARGET_DIR:-target}/release/pledgewatch"
db="$work/bench.db"
base="http://127.0.0.1:$PORT"
password="bench passphrase, loopback only"

# 20 commitments × 21 members, as scripts/bench-web.sh builds it.
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
pw() { "$bin" --db "$db" "$@"; }
pw import scores "$work/matrix.csv" --cycle "Bench 20x21" >/dev/null
pw import report crates/cli/demo/demo-report.md >/dev/null
demo="2024 G7 Apulia Summit Demo Final"
printf '%s\n' "$password" | pw user add "Bench Lead" --role lead --password-stdin >/dev/null
printf '%s\n' "$password" | pw user add "Bench Editor" --role editor --password-stdin >/dev/null
pw user assign "Bench Lead" --cycle "Bench 20x21" --commitment 1 >/dev/null
pw user assign "Bench Lead" --cycle "Bench 20x21" --commitment 2 >/dev/null
pw user assign "Bench Lead" --cycle "$demo" --commitment 18 >/dev/null
lead_token=$(pw user token "Bench Lead" --label bench)
editor_token=$(pw user token "Bench Editor" --label bench)

"$bin" --db "$db" serve --addr "127.0.0.1:$PORT" --no-demo 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do
  curl -fs "$base/" >/dev/null 2>&1 && break
  sleep 0.1
done

# The assessments the benchmark edits: the first 32 cells of commitments 1–2 that the sheet
# filled (a blank cell has no assessment).
paths=()
for c in 1 2; do
  for m in $(seq 1 21); do
    [ $(((c * 7 + m) % 23)) = 1 ] && continue
    [ "${#paths[@]}" -lt "$CONNECTIONS" ] &&
      paths+=("/api/v1/cycles/bench-20x21/commitments/$c/members/Member%20$(printf %02d "$m")")
  done
done
evidence_api="/api/v1/cycles/2024-g7-apulia-summit-demo-final/commitments/18/members/Canada"

# Imports publish; an editor reopens what is edited (409 when it already is a draft).
versions=()
for p in "${paths[@]}" "$evidence_api"; do
  code=$(curl -s -o "$work/reopen.json" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $editor_token" -H 'Content-Type: application/json' \
    -d '{"note":"benchmark edits"}' "$base$p/reopen")
  case "$code" in 200 | 409) ;; *) echo "reopen $p: $code $(cat "$work/reopen.json")"; exit 1 ;; esac
  read_back=$(curl -fs -H "Authorization: Bearer $lead_token" "$base$p") ||
    { echo "GET $p failed"; cat "$work/server.log"; exit 1; }
  grep -q '"status":"draft"' <<<"$read_back" || { echo "$p is not a draft: $read_back"; exit 1; }
  [ "$p" = "$evidence_api" ] || versions+=("$(grep -o '"version":[0-9]*' <<<"$read_back" | head -1 | cut -d: -f2)")
done

# A browser session through the real login form (CSRF field + login cookie).
curl -fs -c "$work/jar" "$base/login" >"$work/login.html"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$work/login.html" | head -1 | sed 's/.*value="//; s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/jar" -c "$work/jar" \
  --data-urlencode "name=Bench Lead" --data-urlencode "password=$password" \
  --data-urlencode "csrf=$csrf" --data-urlencode "next=/workspace" "$base/login")
[ "$code" = 303 ] || { echo "login: $code"; exit 1; }
session=$(awk '$6 == "pw_session" { print $7 }' "$work/jar")
[ -n "$session" ] || { echo "no session cookie"; exit 1; }

page="$base/workspace/cycles/2024-g7-apulia-summit-demo-final/commitments/18/members/Canada/evidence/1"
code=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: pw_session=$session" "$page")
[ "$code" = 200 ] || { echo "evidence editor: $code"; head -c 2000 "$work/page.html"; exit 1; }
echo "== evidence editor page ($(wc -c <"$work/page.html") bytes), $CONNECTIONS connections, ${DURATION}s: $page"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 5s -H "Cookie: pw_session=$session" "$page"

echo
echo "== API write (PUT score + narrative), $CONNECTIONS connections each on its own assessment, ${DURATION}s"
TOKEN="$lead_token" PATHS="${paths[*]}" VERSIONS="${versions[*]}" \
  wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 5s \
  -s scripts/bench-api-write.lua "$base" | tee "$work/write.txt"

# Every accepted write moved its assessment's version by one: count them back.
moved=0
for i in "${!paths[@]}"; do
  now=$(curl -fs -H "Authorization: Bearer $lead_token" "$base${paths[$i]}" | grep -o '"version":[0-9]*' | head -1 | cut -d: -f2)
  moved=$((moved + now - versions[i]))
done
# wrk stops counting at the deadline, so up to one write per connection lands uncounted.
echo "versions moved by $moved in all: the 200s counted above plus at most $CONNECTIONS in flight at the end"

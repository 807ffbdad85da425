#!/usr/bin/env bash
# Replica lag (docs/scaling.md, docs/performance.md): how long after `monjo import` returns on
# the writer a read replica answers the change. Everything on 127.0.0.1:
#   the writer's published public index served by xapian-replicate-server,
#   xapian-replicate running continuously into a replica directory (-i INTERVAL seconds),
#   `monjo serve --replica` there;
# then RUNS imports of a one-fonds catalog with a new word each, and for each the time from the
# import's return to the first /api/search on the replica that finds the word (polled every 20 ms).
#   tools/bench/replica_lag.sh MONJO_BIN WRITER_DATA_DIR [RUNS] [INTERVAL]
# WRITER_DATA_DIR is changed (RUNS small fonds are added); use a copy.
set -euo pipefail
monjo="$(realpath "$1")"
writer="$(realpath "$2")"
runs="${3:-5}"
interval="${4:-1}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export XAPIAN_MAX_CHANGESETS=20

[ -e "$writer/publish/public" ] || { echo "no $writer/publish/public: import or reindex once first" >&2; exit 2; }
rport="$(free_port)"
setsid xapian-replicate-server -I 127.0.0.1 -p "$rport" "$writer/publish" >"$work/server.log" 2>&1 &
pids+=($!)
sleep 0.5
mkdir -p "$work/replica/index"
xapian-replicate -h 127.0.0.1 -p "$rport" -m public -o "$work/replica/index/public" >/dev/null
setsid xapian-replicate -h 127.0.0.1 -p "$rport" -m public -i "$interval" "$work/replica/index/public" \
  >"$work/replicate.log" 2>&1 &
pids+=($!)
"$monjo" --data "$work/replica" serve --replica --port 0 --no-access-log 2>"$work/serve.log" &
pids+=($!)
for _ in $(seq 100); do grep -q "monjo serving" "$work/serve.log" && break; sleep 0.05; done
sport="$(sed -n 's/.*monjo serving http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$work/serve.log")"

lags=()
for i in $(seq "$runs"); do
  word="遅延測定${i}号$$"
  cat >"$work/f$i.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="urn:monjo:catalog:1" version="1">
  <fonds id="lag-$$-$i"><title>${word}文書</title><access status="open"/></fonds>
</catalog>
EOF
  "$monjo" --data "$writer" import "$work/f$i.xml" >/dev/null 2>&1
  t0=$(date +%s.%N)
  q=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$word")
  until curl -sf "http://127.0.0.1:$sport/api/search?facets=0&snippets=0&q=$q" | grep -q '"total":1'; do
    sleep 0.02
  done
  t1=$(date +%s.%N)
  lag=$(python3 -c "print(round($t1-$t0,3))")
  lags+=("$lag")
  echo "run $i: ${lag} s"
  sleep 0.$((RANDOM % 10))
done
python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f'lag median {statistics.median(v):.3f} s, max {max(v):.3f} s over {len(v)} imports (xapian-replicate -i $interval)')" "${lags[@]}"

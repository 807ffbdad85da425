#!/usr/bin/env bash
# The monjo benchmark, end to end (docs/performance.md):
# sample → import (timed, peak RSS) → index size → in-process latency and recall
# (monjo, Groonga, SQLite FTS5 on the same public records and queries) → HTTP load
# with wrk (monjo /api/search and /search, Groonga's own HTTP server).
#
#   tools/bench/run.sh MONJO_BIN [--scale 1|100] [--out DIR] [--runs N] [--duration S]
#                      [--skip-peers] [--skip-http] [--skip-slow] [--shards "2 4"]
#
# --shards: for each N, `monjo reindex --shards N` (timed), N xapian-tcpsrv on loopback,
# the query set through the parts and on the slowest part alone (bench_search monjo
# --shard … --per-part), and the HTTP runs through `monjo serve --shard …`
# (docs/scaling.md; engines monjo-partsN, monjo-slowest-partN, monjo-api-partsN-nocache).
# MONJO_BIN is a Release build's bin/monjo; bench_search is expected beside it.
# Everything listens on 127.0.0.1 only, and every wait is bounded. Results go to
# DIR/results.tsv (machine-readable) and DIR/summary.md (the tables), default
# DIR = <build>/bench-scale<N>.
set -euo pipefail

usage() {
  sed -n '7,8p' "$0" | sed 's/^# *//' >&2
  exit 2
}

[ $# -ge 1 ] || usage
MONJO=$(readlink -f "$1")
shift
SCALE=1
OUT=""
RUNS=20
DURATION=12
SKIP_PEERS=0
SKIP_HTTP=0
SKIP_SLOW=0
SHARDS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --skip-peers) SKIP_PEERS=1; shift ;;
    --skip-http) SKIP_HTTP=1; shift ;;
    --skip-slow) SKIP_SLOW=1; shift ;;
    --shards) SHARDS=$2; shift 2 ;;
    *) usage ;;
  esac
done
case "$SCALE" in ''|*[!0-9]*) echo "run.sh: --scale takes a number (1 or 100)" >&2; exit 2 ;; esac

HERE=$(cd "$(dirname "$0")" && pwd)
BIN_DIR=$(dirname "$MONJO")
BENCH="$BIN_DIR/bench_search"
[ -x "$MONJO" ] || { echo "run.sh: $MONJO is not executable" >&2; exit 2; }
[ -x "$BENCH" ] || { echo "run.sh: $BENCH missing: cmake --build <build> --target bench_search" >&2; exit 2; }
OUT=${OUT:-"$BIN_DIR/../bench-scale$SCALE"}
mkdir -p "$OUT"
OUT=$(readlink -f "$OUT")
QUERIES="$HERE/queries.tsv"
VARIANTS="$HERE/variants.tsv"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"

for tool in groonga wrk /usr/bin/time curl; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "run.sh: $tool missing; installing the bench packages" >&2
    bash "$HERE/../install-deps.sh" --bench
    break
  fi
done

log() { printf '\n== %s\n' "$*" >&2; }
# "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33" → seconds
elapsed_secs() {
  sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}
peak_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
record() { printf '%s\n' "$*" | tr ' ' '\t' >> "$RESULTS"; }

echo "machine	$(nproc) cores	$(uname -m)	load $(cut -d' ' -f1-3 /proc/loadavg)	$(date -u +%Y-%m-%dT%H:%MZ)" > "$OUT/machine.txt"

# --- sample ----------------------------------------------------------------------
VOLUMES=$((1700 * SCALE))
SAMPLE="$OUT/sample.xml"
log "sample: $VOLUMES volumes"
"$MONJO" sample --volumes "$VOLUMES" --out "$SAMPLE"
SAMPLE_MIB=$(( $(stat -c %s "$SAMPLE") / 1048576 + 1 ))

# --- import ----------------------------------------------------------------------
DATA="$OUT/data"
rm -rf "$DATA"
# The sample's gazetteer and place-name history (docs/search.md), as `make demo` has them.
mkdir -p "$DATA"
cp "$HERE/../../deploy/sample/readings.tsv" "$HERE/../../deploy/sample/place-names.tsv" "$DATA/"
log "import ($SAMPLE_MIB MiB)"
/usr/bin/time -v "$MONJO" --data "$DATA" import --max-size "$((SAMPLE_MIB + 1))" "$SAMPLE" \
  > "$OUT/import.out" 2> "$OUT/import.time"
cat "$OUT/import.out" >&2
RECORDS=$(sed -n 's/^read: *\([0-9][0-9]*\) records.*/\1/p' "$OUT/import.out")
SECS=$(elapsed_secs "$OUT/import.time")
record load monjo "$RECORDS" "$SECS" "$(awk -v n="$RECORDS" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')" \
  "$(peak_kb "$OUT/import.time")"
INDEX_KB=$(du -skL "$DATA/index/public" "$DATA/index/staff" | awk '{ s += $1 } END { print s }')
record size monjo index "$INDEX_KB"
record size monjo index-public "$(du -skL "$DATA/index/public" | cut -f1)"
record size monjo catalog "$(du -sk "$DATA/catalog.sqlite" | cut -f1)"

# --- the same catalog as spreadsheets ---------------------------------------------
# Exported as CSV and as one XLSX workbook, each imported into a fresh data directory:
# records/s and peak RSS beside the XML import's (docs/performance.md, "Spreadsheets").
for fmt in csv xlsx; do
  log "import as $fmt"
  "$MONJO" --data "$DATA" export --format "$fmt" --out "$OUT/catalog.$fmt"
  rm -rf "$OUT/data-$fmt" && mkdir -p "$OUT/data-$fmt"
  cp "$DATA/readings.tsv" "$DATA/place-names.tsv" "$OUT/data-$fmt/"
  SHEET_MIB=$(( $(stat -c %s "$OUT/catalog.$fmt") / 1048576 + 1 ))
  /usr/bin/time -v "$MONJO" --data "$OUT/data-$fmt" import --max-size "$((SHEET_MIB + 1))" "$OUT/catalog.$fmt" \
    > "$OUT/import-$fmt.out" 2> "$OUT/import-$fmt.time"
  cat "$OUT/import-$fmt.out" >&2
  N=$(sed -n 's/^read: *\([0-9][0-9]*\) records.*/\1/p' "$OUT/import-$fmt.out")
  S=$(elapsed_secs "$OUT/import-$fmt.time")
  record load "monjo-$fmt" "$N" "$S" "$(awk -v n="$N" -v s="$S" 'BEGIN { printf "%.0f", n / s }')" \
    "$(peak_kb "$OUT/import-$fmt.time")"
  rm -rf "$OUT/data-$fmt" "$OUT/catalog.$fmt"
done

# --- in-process latency and recall ---------------------------------------------------
log "export the public view for the peers"
"$BENCH" export --data "$DATA" --out "$OUT"
SETS=(--queries "$QUERIES" --variants "$VARIANTS" --records "$OUT/records.tsv" --runs "$RUNS" --warmup 2)

log "monjo: latency ($RUNS runs) and recall"
"$BENCH" monjo --data "$DATA" "${SETS[@]}" | tee -a "$RESULTS" >&2
log "monjo --staff: latency"
"$BENCH" monjo --data "$DATA" --staff --queries "$QUERIES" --runs "$RUNS" --warmup 2 | tee -a "$RESULTS" >&2
log "monjo: save to searchable (the staff editor's save, on a copy of the data)"
rm -rf "$OUT/data-edit" && cp -a "$DATA" "$OUT/data-edit"
"$BENCH" edit --data "$OUT/data-edit" --runs 50 | tee -a "$RESULTS" >&2
rm -rf "$OUT/data-edit"

if [ "$SKIP_PEERS" = 0 ]; then
  log "Groonga: load (TokenBigram, NormalizerAuto)"
  rm -rf "$OUT/groonga" && mkdir -p "$OUT/groonga"
  /usr/bin/time -v groonga -n "$OUT/groonga/db" < "$OUT/records.grn" > "$OUT/groonga-load.out" 2> "$OUT/groonga-load.time"
  GSECS=$(elapsed_secs "$OUT/groonga-load.time")
  GROWS=$(tail -n 1 "$OUT/groonga-load.out" | sed 's/.*,\([0-9][0-9]*\)\]$/\1/')
  record load groonga "$GROWS" "$GSECS" "$(awk -v n="$GROWS" -v s="$GSECS" 'BEGIN { printf "%.0f", n / s }')" \
    "$(peak_kb "$OUT/groonga-load.time")"
  record size groonga index "$(du -sk "$OUT/groonga" | cut -f1)"

  log "SQLite FTS5: load (trigram), latency, recall"
  rm -f "$OUT/fts5.sqlite"
  "$BENCH" fts5 --db "$OUT/fts5.sqlite" --load "${SETS[@]}" | tee -a "$RESULTS" >&2
  record size fts5 index "$(du -sk "$OUT/fts5.sqlite" | cut -f1)"

  log "Groonga: latency and recall"
  "$BENCH" groonga --db "$OUT/groonga/db" "${SETS[@]}" | tee -a "$RESULTS" >&2
fi

# --- HTTP load ---------------------------------------------------------------------
# wrk at 32 connections, 2 threads; records requests/s, p50, p99 and errors.
wrk_run() {
  local name=$1 base=$2 paths=$3
  log "wrk: $name"
  wrk -t2 -c32 -d"${DURATION}s" --latency -s "$HERE/rotate.lua" "$base" -- "$paths" > "$OUT/wrk-$name.txt" 2>&1 || true
  cat "$OUT/wrk-$name.txt" >&2
  awk -v name="$name" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad += $NF }
    /Socket errors/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
    END { printf "http\t%s\t%.0f\t%.3f\t%.3f\t%d\n", name, rps, p50, p99, bad }' "$OUT/wrk-$name.txt" >> "$RESULTS"
}

# Waits (at most ~10 s) until `curl URL` answers.
wait_for() {
  local url=$1 i
  for i in $(seq 1 50); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.2
  done
  echo "run.sh: nothing answers at $url" >&2
  return 1
}

free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    (echo > "/dev/tcp/127.0.0.1/$p") 2> /dev/null || { echo "$p"; return 0; }
  done
  return 1
}

if [ "$SKIP_HTTP" = 0 ]; then
  "$BENCH" urls --queries "$QUERIES" --target monjo-api > "$OUT/api.paths"
  "$BENCH" urls --queries "$QUERIES" --target monjo-page > "$OUT/page.paths"
  "$BENCH" urls --queries "$QUERIES" --target groonga > "$OUT/groonga.paths"

  # monjo with its result cache on (the default) and off, like Groonga below:
  # the query set repeats, so "cache on" measures the cache and "cache off" the
  # engine; compare on with on and off with off.
  start_monjo() {
    # Emptied here, not by the background redirection, which may come after the
    # first look for the port and leave the previous server's line to be read.
    : > "$OUT/serve.out"
    : > "$OUT/serve.err"
    "$MONJO" --data "$DATA" serve --bind 127.0.0.1 --port 0 --no-access-log "$@" >> "$OUT/serve.out" 2>> "$OUT/serve.err" &
    SERVE_PID=$!
    trap 'kill $SERVE_PID 2> /dev/null || true' EXIT
    PORT=""
    for i in $(seq 1 50); do
      PORT=$(sed -n 's/.*serving http:\/\/127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$OUT/serve.out" "$OUT/serve.err" | head -n 1)
      [ -n "$PORT" ] && break
      sleep 0.2
    done
    [ -n "$PORT" ] || { echo "run.sh: monjo serve did not start" >&2; cat "$OUT/serve.err" >&2; exit 1; }
    wait_for "http://127.0.0.1:$PORT/healthz"
  }
  stop_monjo() {
    kill "$SERVE_PID" 2> /dev/null || true
    wait "$SERVE_PID" 2> /dev/null || true
    trap - EXIT
  }
  log "monjo serve (result cache on)"
  start_monjo
  wrk_run monjo-api "http://127.0.0.1:$PORT" "$OUT/api.paths"
  wrk_run monjo-page "http://127.0.0.1:$PORT" "$OUT/page.paths"
  stop_monjo
  log "monjo serve --cache-mb 0 (result cache off)"
  start_monjo --cache-mb 0
  wrk_run monjo-api-nocache "http://127.0.0.1:$PORT" "$OUT/api.paths"
  wrk_run monjo-page-nocache "http://127.0.0.1:$PORT" "$OUT/page.paths"
  stop_monjo

  if [ "$SKIP_PEERS" = 0 ]; then
    GPORT=$(free_port)
    log "groonga HTTP server on $GPORT"
    groonga -s --protocol http --bind-address 127.0.0.1 -p "$GPORT" "$OUT/groonga/db" > "$OUT/groonga-http.log" 2>&1 &
    GROONGA_PID=$!
    trap 'kill $GROONGA_PID 2> /dev/null || true' EXIT
    wait_for "http://127.0.0.1:$GPORT/d/status"
    # Its result cache on (the default) and off, as monjo's above.
    wrk_run groonga-cached "http://127.0.0.1:$GPORT" "$OUT/groonga.paths"
    curl -sf -o /dev/null "http://127.0.0.1:$GPORT/d/cache_limit?max=0"
    wrk_run groonga "http://127.0.0.1:$GPORT" "$OUT/groonga.paths"
    kill "$GROONGA_PID" 2> /dev/null || true
    wait "$GROONGA_PID" 2> /dev/null || true
    trap - EXIT
  fi
fi

# --- shards (docs/scaling.md) -------------------------------------------------------------
for N in $SHARDS; do
  case "$N" in ''|*[!0-9]*) echo "run.sh: --shards takes numbers (\"2 4\")" >&2; exit 2 ;; esac
  log "monjo reindex --shards $N"
  /usr/bin/time -v "$MONJO" --data "$DATA" reindex --shards "$N" > "$OUT/reindex-$N.out" 2> "$OUT/reindex-$N.time"
  record reindex "monjo-parts$N" "$RECORDS" "$(elapsed_secs "$OUT/reindex-$N.time")" \
    "$(sed -n 's/.*User time (seconds): //p' "$OUT/reindex-$N.time")" \
    "$(sed -n 's/.*System time (seconds): //p' "$OUT/reindex-$N.time")"
  PARTS=()
  TCP_PIDS=()
  for k in $(seq 1 "$N"); do
    P=$(free_port)
    # Its own session: Xapian's servers signal their process group when they stop.
    setsid xapian-tcpsrv --port "$P" --interface 127.0.0.1 --quiet "$DATA/shards/public/$k" \
      > "$OUT/tcpsrv-$N-$k.log" 2>&1 &
    TCP_PIDS+=($!)
    PARTS+=(--shard "tcp://127.0.0.1:$P")
  done
  trap 'kill ${TCP_PIDS[*]} 2> /dev/null || true' EXIT
  for k in $(seq 1 50); do
    up=0
    for a in "${PARTS[@]}"; do
      case "$a" in tcp://*) (echo > "/dev/tcp/127.0.0.1/${a##*:}") 2> /dev/null && up=$((up + 1)) ;; esac
    done
    [ "$up" = "$N" ] && break
    sleep 0.2
  done
  log "monjo over $N parts: latency ($RUNS runs), and the slowest part alone"
  "$BENCH" monjo --data "$DATA" "${PARTS[@]}" --per-part --queries "$QUERIES" --runs "$RUNS" --warmup 2 |
    sed "s/\tmonjo-parts\(-cpu\)\?\t/\tmonjo-parts$N\1\t/; s/\tmonjo-slowest-part\(-cpu\)\?\t/\tmonjo-slowest-part$N\1\t/" |
    tee -a "$RESULTS" >&2
  if [ "$SKIP_HTTP" = 0 ]; then
    log "monjo serve --cache-mb 0 over $N parts"
    start_monjo --cache-mb 0 "${PARTS[@]}"
    wrk_run "monjo-api-parts$N-nocache" "http://127.0.0.1:$PORT" "$OUT/api.paths"
    wrk_run "monjo-page-parts$N-nocache" "http://127.0.0.1:$PORT" "$OUT/page.paths"
    stop_monjo
  fi
  kill "${TCP_PIDS[@]}" 2> /dev/null || true
  wait "${TCP_PIDS[@]}" 2> /dev/null || true
  trap - EXIT
done

# --- slow clients --------------------------------------------------------------------
if [ "$SKIP_SLOW" = 0 ]; then
  log "slow clients: 1,000 slowloris + 1,000 idle keep-alive, probes from another client"
  python3 "$HERE/slow_clients.py" "$MONJO" --data "$DATA" --slow 1000 --idle 1000 --duration 30 \
    --label monjo --out "$RESULTS" >&2
fi

# --- summary -----------------------------------------------------------------------
"$HERE/summary.sh" "$OUT" > "$OUT/summary.md"
cat "$OUT/summary.md"

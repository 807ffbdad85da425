#!/usr/bin/env bash
# Runs every libFuzzer harness in DIR for SECONDS each (`make fuzz`), on a working
# corpus seeded from tests/fuzz/<target>/ (the seeds are read, never written), and
# prints executions and time per target. A crash stops with its input saved as
# DIR/<target>-crash-*; each one becomes a regression test in tests/unit.
set -euo pipefail
dir="${1:?usage: tools/fuzz.sh FUZZ_BIN_DIR [SECONDS]}"
seconds="${2:-60}"
here="$(cd "$(dirname "$0")/.." && pwd)"
# Xapian 1.4.22's Database::check (used to verify a new index build) deletes an
# object with the wrong size inside libxapian: new-delete-type-mismatch, not ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-new_delete_type_mismatch=0}"
status=0
for bin in "$dir"/fuzz_*; do
  [ -x "$bin" ] || continue
  target="$(basename "$bin")"
  seeds="$here/tests/fuzz/${target#fuzz_}"
  work="$dir/corpus-$target"
  mkdir -p "$work"
  log="$dir/$target.log"
  if [ ! -d "$seeds" ]; then
    echo "fuzz: no seed corpus $seeds" >&2
    exit 2
  fi
  if "$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$dir/$target-" "$work" "$seeds" >"$log" 2>&1; then
    result="ok"
  else
    result="CRASH (see $log)"
    status=1
  fi
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
  secs="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
  printf '%-22s %s: %s executions in %s s (%s/s), corpus %s files\n' "$target" "$result" "$execs" "$seconds" \
    "$secs" "$(ls "$work" | wc -l)"
done
exit "$status"

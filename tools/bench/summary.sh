#!/usr/bin/env bash
# Turns the results.tsv of a tools/bench/run.sh run into the markdown tables of
# docs/performance.md:  tools/bench/summary.sh OUT_DIR
set -euo pipefail
OUT=${1:?usage: summary.sh OUT_DIR}
RESULTS="$OUT/results.tsv"
[ -f "$RESULTS" ] || { echo "summary.sh: no $RESULTS" >&2; exit 2; }

[ -f "$OUT/machine.txt" ] && printf 'Machine: %s\n\n' "$(tr '\t' ' ' < "$OUT/machine.txt")"

awk -F'\t' '
function cell(engine, mode, cat,   k) {
  k = engine SUBSEP mode SUBSEP cat
  if (!(k in p50)) return "–"
  return sprintf("%.2f / %.2f", p50[k], p99[k])
}
function pct(engine, kind,   k) {
  k = engine SUBSEP kind
  if (!(k in expected)) return "–"
  return sprintf("%d/%d (%.0f%%)", found[k], expected[k], 100 * found[k] / expected[k])
}
$1 == "load" { loads[++nl] = $0 }
$1 == "size" { sizes[++ns] = $0 }
$1 == "latency" {
  k = $2 SUBSEP $3 SUBSEP $4
  p50[k] = $6; p99[k] = $7
  if (!seen_cat[$4]++) cats[++nc] = $4
  seen_engine[$2] = 1
}
$1 == "recall" {
  k = $2 SUBSEP $3
  found[k] = $4; expected[k] = $5
  if (!seen_kind[$3]++) kinds[++nk] = $3
}
$1 == "http" { https[++nh] = $0 }
$1 == "slow_clients" { slows[++nsl] = $0 }
$1 == "edit" { edits[++ned] = $0 }
END {
  print "### Import / load"
  print ""
  print "| engine | records | seconds | records/s | peak RSS |"
  print "|---|---:|---:|---:|---:|"
  for (i = 1; i <= nl; i++) {
    split(loads[i], f, "\t")
    rss = (f[6] != "") ? sprintf("%.0f MiB", f[6] / 1024) : "–"
    printf "| %s | %d | %.2f | %d | %s |\n", f[2], f[3], f[4], f[5], rss
  }
  print ""
  print "### Size on disk"
  print ""
  print "| engine | what | MiB |"
  print "|---|---|---:|"
  for (i = 1; i <= ns; i++) {
    split(sizes[i], f, "\t")
    printf "| %s | %s | %.1f |\n", f[2], f[3], f[4] / 1024
  }
  n_modes = split("lean facets full", modes, " ")
  for (m = 1; m <= n_modes; m++) {
    mode = modes[m]
    print ""
    if (mode == "lean") print "### Query latency in process, lean: top 10 ids and titles, total, no facets, no snippets (ms, p50 / p99)"
    if (mode == "facets") print "### Query latency in process, top 10 with the five facets (ms, p50 / p99)"
    if (mode == "full") print "### Query latency in process, full: top 20 with snippets and facets (ms, p50 / p99)"
    print ""
    print "| category | monjo (public) | monjo (public, CPU) | monjo (staff) | Groonga | SQLite FTS5 | FTS5 (CPU) |"
    print "|---|---:|---:|---:|---:|---:|---:|"
    for (c = 1; c <= nc; c++)
      printf "| %s | %s | %s | %s | %s | %s | %s |\n", cats[c], cell("monjo", mode, cats[c]),
        cell("monjo-cpu", mode, cats[c]), cell("monjo-staff", mode, cats[c]), cell("groonga", mode, cats[c]),
        cell("fts5", mode, cats[c]), cell("fts5-cpu", mode, cats[c])
  }
  print ""
  print "### Recall on the variant set (records found / checked)"
  print ""
  print "| kind | monjo | Groonga | SQLite FTS5 |"
  print "|---|---:|---:|---:|"
  for (i = 1; i <= nk; i++)
    printf "| %s | %s | %s | %s |\n", kinds[i], pct("monjo", kinds[i]), pct("groonga", kinds[i]), pct("fts5", kinds[i])
  if (nh) {
    print ""
    print "### HTTP load: wrk, 2 threads, 32 connections, the query set in turn"
    print ""
    print "| target | requests/s | p50 ms | p99 ms | errors |"
    print "|---|---:|---:|---:|---:|"
    for (i = 1; i <= nh; i++) {
      split(https[i], f, "\t")
      printf "| %s | %d | %.2f | %.2f | %d |\n", f[2], f[3], f[4], f[5], f[6]
    }
  }
  if (ned) {
    print ""
    print "### Record edits: the save of the staff editor, and until the public search finds the new title (ms)"
    print ""
    print "| engine | what | edits | p50 | p99 | max |"
    print "|---|---|---:|---:|---:|---:|"
    for (i = 1; i <= ned; i++) {
      split(edits[i], f, "\t")
      printf "| %s | %s | %s | %.1f | %.1f | %.1f |\n", f[2], f[3], f[4], f[5], f[6], f[7]
    }
  }
  if (nsl) {
    print ""
    print "### Slow clients: another client probing while slowloris and idle keep-alive connections are held (tools/bench/slow_clients.py)"
    print ""
    print "| server | probe | slowloris / idle asked | held open (mean) | answered | p50 ms | p95 ms | max ms | over 1 s | failed |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= nsl; i++) {
      split(slows[i], f, "\t")
      printf "| %s | %s | %s / %s | %s / %s | %s | %s | %s | %s | %s | %s |\n", f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13]
    }
  }
}' "$RESULTS"

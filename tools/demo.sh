#!/usr/bin/env bash
# `make demo`: sample collection → import → serve. Idempotent: an existing
# catalog in the data directory is reused.
set -euo pipefail
monjo="$1"; data="$2"; volumes="$3"; port="$4"
mkdir -p "$data"
sample="$data/sample-$volumes.xml"
if [ ! -f "$sample" ]; then
  echo "demo: generating the sample collection ($volumes volumes) → $sample"
  "$monjo" sample --volumes "$volumes" --seed 1 --out "$sample"
fi
# The sample's gazetteer of readings and its place-name history (docs/search.md), unless
# the data directory has its own.
here="$(cd "$(dirname "$0")/.." && pwd)"
for f in readings.tsv place-names.tsv; do
  [ -f "$data/$f" ] || cp "$here/deploy/sample/$f" "$data/$f"
done
if [ ! -f "$data/catalog.sqlite" ]; then
  echo "demo: importing $sample into $data"
  "$monjo" --data "$data" import "$sample"
else
  echo "demo: reusing the catalog in $data (delete it to start afresh)"
fi
if "$monjo" --help 2>/dev/null | grep -q '^  user'; then
  if ! "$monjo" --data "$data" user list 2>/dev/null | grep -q '^demo-officer'; then
    for role in archivist officer supervisor admin; do
      printf 'monjo-demo\n' | "$monjo" --data "$data" user add "demo-$role" --role "$role" >/dev/null
    done
  fi
  echo "demo: staff logins (password monjo-demo): demo-archivist, demo-officer, demo-supervisor, demo-admin"
fi
if "$monjo" --help 2>/dev/null | grep -q '^  serve'; then
  echo "demo: serving http://127.0.0.1:$port (Ctrl-C to stop)"
  exec "$monjo" --data "$data" serve --bind 127.0.0.1 --port "$port"
fi
echo "demo: the catalog is ready in $data (the portal is not built yet)"

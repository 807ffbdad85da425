#!/usr/bin/env bash
# Browser tests of the public portal, of use requests and of the staff pages: builds
# a data directory from the sample generator (60 volumes, seed 7) plus
# tests/fixtures/catalog/small.xml, adds an officer, a supervisor and an archivist with
# `monjo user add`, starts the real `monjo serve --port 0`, and runs every *.spec.js
# in Debian's chromium through playwright-core. Screenshots (and the printed notice
# as PDF) go to tests/e2e/artifacts/. The server mails requesters through a real SMTP
# server on loopback (tests/integration/smtp_sink.py, Debian's aiosmtpd), which writes
# each message to the directory the specs find in MAIL_DIR.
#   tests/e2e/run.sh path/to/monjo
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 MONJO_BIN" >&2
  exit 2
fi
monjo="$(realpath "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
  echo "e2e: $chromium not found; install it with tools/install-deps.sh --browser" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  # playwright-core never downloads a browser; the lock file pins both packages.
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/monjo-e2e-XXXXXX")"
server_pid=""
sink_pid=""
cleanup() {
  if [ -n "$sink_pid" ] && kill -0 "$sink_pid" 2>/dev/null; then
    kill -TERM "$sink_pid"
    wait "$sink_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$monjo" sample --volumes 60 --seed 7 --out "$work/sample.xml" >/dev/null
"$monjo" --data "$work/data" import "$work/sample.xml" "$here/../fixtures/catalog/small.xml" >/dev/null
export OFFICER=e2e-officer OFFICER_PASSWORD="officer-$RANDOM-$RANDOM"
export SUPERVISOR=e2e-supervisor SUPERVISOR_PASSWORD="supervisor-$RANDOM-$RANDOM"
export ARCHIVIST=e2e-archivist ARCHIVIST_PASSWORD="archivist-$RANDOM-$RANDOM"
printf '%s\n' "$OFFICER_PASSWORD" | "$monjo" --data "$work/data" user add "$OFFICER" --role officer >/dev/null
printf '%s\n' "$SUPERVISOR_PASSWORD" | "$monjo" --data "$work/data" user add "$SUPERVISOR" --role supervisor >/dev/null
printf '%s\n' "$ARCHIVIST_PASSWORD" | "$monjo" --data "$work/data" user add "$ARCHIVIST" --role archivist >/dev/null

mkdir -p "$work/mail"
: >"$work/sink.port"
/usr/bin/python3 "$here/../integration/smtp_sink.py" --dir "$work/mail" >"$work/sink.port" &
sink_pid=$!
for _ in $(seq 1 200); do
  [ -s "$work/sink.port" ] && break
  sleep 0.05
done
if [ ! -s "$work/sink.port" ]; then
  echo "e2e: the SMTP sink did not start" >&2
  exit 1
fi
# Links in mail name the configured site; the specs follow them on this server.
cat >"$work/data/monjo.conf" <<CONF
[mail]
host = 127.0.0.1
port = $(head -n1 "$work/sink.port")
sender = archives@example.invalid
base_url = https://archives.example.invalid
retry_seconds = 1
CONF

: >"$work/serve.log"  # exists before the first read below (set -e and pipefail)
"$monjo" --data "$work/data" serve --port 0 --no-access-log 2>"$work/serve.log" &
server_pid=$!
port=""
for _ in $(seq 1 200); do
  port="$(sed -n 's/^monjo serving http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$work/serve.log" | head -n1)"
  [ -n "$port" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: monjo serve exited:" >&2
    cat "$work/serve.log" >&2
    exit 1
  fi
  sleep 0.05
done
if [ -z "$port" ]; then
  echo "e2e: monjo serve did not report its port" >&2
  cat "$work/serve.log" >&2
  exit 1
fi

mkdir -p "$here/artifacts"
rm -f "$here/artifacts/"*.png "$here/artifacts/"*.pdf
status=0
# E2E_ONLY=name runs tests/e2e/name.spec.js alone (while working on one spec).
for spec in "$here"/${E2E_ONLY:-*}.spec.js; do
  echo "# $(basename "$spec")"
  MONJO_URL="http://127.0.0.1:$port" CHROMIUM="$chromium" ARTIFACTS="$here/artifacts" MAIL_DIR="$work/mail" \
    PROFILE_DIR="$work/profile-$(basename "$spec" .spec.js)" node "$spec" || status=1
done
exit $status

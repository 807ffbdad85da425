#!/usr/bin/env bash
# Installs the Debian packages monjo needs to build, test and demo (README.md).
# Idempotent and quiet when everything is already there.
#   tools/install-deps.sh            build + unit/integration test packages (nginx, openssl
#                                    and curl for the test of deploy/nginx/monjo.conf, python3-aiosmtpd
#                                    for the SMTP server of tests/integration/request_mail_test.cc,
#                                    xapian-tools for read replicas and index parts: docs/scaling.md)
#   tools/install-deps.sh --browser  also chromium and the npm packages for tests/e2e
#   tools/install-deps.sh --bench    also the peers and load tools used by tools/bench
#   tools/install-deps.sh --fuzz     also clang and libFuzzer for `make fuzz`
set -euo pipefail

want_browser=0
want_bench=0
want_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --bench) want_bench=1 ;;
    --fuzz) want_fuzz=1 ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake pkg-config
  libxapian-dev libxml2-dev libxml2-utils libsqlite3-dev sqlite3 libpoco-dev
  catch2 libicu-dev libsodium-dev libkainjow-mustache-dev nlohmann-json3-dev libcli11-dev
  libmecab-dev mecab-ipadic-utf8
  xapian-tools
  time faketime
  nginx openssl curl
  python3-aiosmtpd
)
[ "$want_browser" = 1 ] && packages+=(chromium nodejs npm fonts-noto-cjk)
[ "$want_bench" = 1 ] && packages+=(groonga wrk python3)
[ "$want_fuzz" = 1 ] && packages+=(clang libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from elsewhere on a developer machine: a working binary is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want_browser" = 1 ]; then
  here="$(cd "$(dirname "$0")/.." && pwd)"
  if [ ! -d "$here/tests/e2e/node_modules/playwright-core" ] || [ ! -d "$here/tests/e2e/node_modules/axe-core" ]; then
    echo "install-deps: npm packages for tests/e2e" >&2
    (cd "$here/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi

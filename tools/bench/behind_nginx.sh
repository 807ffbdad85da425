#!/usr/bin/env bash
# The slow-client measurement through Debian's nginx (docs/performance.md, "Slow
# clients"): deploy/nginx/monjo.conf with a self-signed certificate on loopback ports,
# in front of `monjo serve --trust-proxy 127.0.0.1`, then tools/bench/slow_clients.py
# against https://127.0.0.1:PORT. Not a test.
#
#   tools/bench/behind_nginx.sh MONJO_BIN DATA_DIR [slow_clients.py options…]
set -euo pipefail
[ $# -ge 2 ] || { sed -n '7p' "$0" | sed 's/^# *//' >&2; exit 2; }
MONJO=$(readlink -f "$1")
DATA=$(readlink -f "$2")
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d /tmp/monjo-nginx-bench.XXXXXX)
MONJO_PID=""
NGINX_PID=""
cleanup() {
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2> /dev/null || true
  [ -n "$MONJO_PID" ] && kill "$MONJO_PID" 2> /dev/null || true
  wait 2> /dev/null || true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ulimit -n "$(ulimit -Hn)"

"$MONJO" --data "$DATA" serve --port 0 --no-access-log --trust-proxy 127.0.0.1 > /dev/null 2> "$WORK/serve.err" &
MONJO_PID=$!
for _ in $(seq 200); do
  PORT=$(sed -n 's/.*monjo serving http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$WORK/serve.err")
  [ -n "$PORT" ] && break
  sleep 0.05
done
[ -n "$PORT" ] || { cat "$WORK/serve.err" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2> /dev/null
HTTPS=$(free_port)
HTTP=$(free_port)
sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$PORT;|" \
  -e "s|^    listen 80;|    listen 127.0.0.1:$HTTP;|" -e '/listen \[::\]:/d' \
  -e "s|^    listen 443 ssl http2;|    listen 127.0.0.1:$HTTPS ssl http2;|" \
  -e "s|/etc/letsencrypt/live/archives.example.jp/fullchain.pem|$WORK/cert.pem|" \
  -e "s|/etc/letsencrypt/live/archives.example.jp/privkey.pem|$WORK/key.pem|" \
  -e "s|/var/log/nginx/monjo.access.log combined|off|" -e "s|/var/log/nginx/monjo.error.log|$WORK/error.log|" \
  -e "s|/usr/local/share/monjo/static/|$ROOT/web/static/|" "$ROOT/deploy/nginx/monjo.conf" > "$WORK/site.conf"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$WORK/nginx.conf" <<CONF
$USER_LINE
daemon off;
worker_processes auto;
worker_rlimit_nofile 20000;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 8192; }
http {
  include /etc/nginx/mime.types;
  client_body_temp_path $WORK/body;
  proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fastcgi;
  uwsgi_temp_path $WORK/uwsgi;
  scgi_temp_path $WORK/scgi;
  include $WORK/site.conf;
}
CONF
nginx -e "$WORK/error.log" -p "$WORK" -c "$WORK/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 100); do
  curl -skf -o /dev/null "https://127.0.0.1:$HTTPS/healthz" && break
  sleep 0.1
done
python3 "$HERE/slow_clients.py" "$MONJO" --url "https://127.0.0.1:$HTTPS" --label nginx+monjo "$@"

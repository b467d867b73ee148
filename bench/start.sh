#!/usr/bin/env bash
# Whole-process start-up of the installed tool on a short run, beside sslscan on the same endpoint (docs/performance.md).
# Starts Debian's nginx on two free loopback ports with a throwaway PKI (made by the first tool given, keys 0600,
# removed on exit), writes an `endpoint` profile for it, then times each command RUNS times in turn (A B C A B C ...,
# so a change of machine load hits every command alike) after one unrecorded run each (the tools' verdict line, sslscan's
# first scan), and prints min, median and max wall seconds and the median CPU seconds (user + system) per command, with
# the load average before and after.
#
# usage: bench/start.sh [-n RUNS] CONFORMANCE [CONFORMANCE ...]
#   CONFORMANCE: an installed `conformance` (e.g. ~/.conformance/conformance, or a `dotnet publish -r linux-x64` folder's)
#   each is run as: CONFORMANCE run --profile endpoint.yaml --out DIR; sslscan 127.0.0.1:PORT is timed when installed.
set -euo pipefail
runs=10
if [ "${1:-}" = "-n" ]; then runs=$2; shift 2; fi
if [ $# -eq 0 ] || [ "$runs" -lt 1 ] || [ "$runs" -gt 100 ]; then
  echo "usage: bench/start.sh [-n RUNS (1-100)] CONFORMANCE [CONFORMANCE ...]" >&2; exit 2
fi
nginx=/usr/sbin/nginx
[ -x "$nginx" ] || { echo "bench/start.sh: needs nginx ($nginx): apt-get install nginx-light" >&2; exit 3; }

dir=$(mktemp -d /tmp/conformance-start-bench.XXXXXX)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
https=$(free_port); http=$(free_port)
"$1" pki create --out "$dir/pki" >/dev/null

cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log stderr notice;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $dir/client_body_temp;
    proxy_temp_path $dir/proxy_temp;
    fastcgi_temp_path $dir/fastcgi_temp;
    uwsgi_temp_path $dir/uwsgi_temp;
    scgi_temp_path $dir/scgi_temp;
    default_type text/plain;
    server {
        listen 127.0.0.1:$https ssl;
        server_name localhost;
        ssl_certificate $dir/pki/tls.crt;
        ssl_certificate_key $dir/pki/tls.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / { return 200 "bench-endpoint-content path=\$uri\n"; }
    }
    server {
        listen 127.0.0.1:$http;
        server_name localhost;
        return 301 https://localhost:$https\$request_uri;
    }
}
CONF
cat > "$dir/endpoint.yaml" <<YAML
apiVersion: conformance/v1
name: start-bench
description: Debian's nginx already running (TLS 1.2+, 301 from the HTTP port), judged as an endpoint.
target:
  kind: endpoint
  host: 127.0.0.1
  ready: { tcp: $https, within: 10s }
endpoints:
  https:
    port: $https
    serverName: localhost
    externalUrl: "https://localhost:$https"
    trust: pki/ca.crt
  http:
    port: $http
    plaintext: redirect
    redirectsTo: https
pki:
  serverNames: [localhost]
  ipAddresses: [127.0.0.1]
claims:
  oldPort: redirect
  redirect: { status: 301 }
  tls: { min: "1.2" }
  content: { path: /, marker: bench-endpoint-content }
YAML

"$nginx" -p "$dir" -e stderr -c "$dir/nginx.conf" -g "daemon off;" 2>"$dir/nginx.log" &
nginx_pid=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$https") 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { echo "bench/start.sh: nginx exited: $(tail -1 "$dir/nginx.log")" >&2; exit 3; }
  sleep 0.1
done

names=(); commands=()
for tool in "$@"; do names+=("$tool"); commands+=("$tool run --profile $dir/endpoint.yaml --out $dir/runs"); done
if command -v sslscan >/dev/null 2>&1; then names+=("sslscan"); commands+=("sslscan 127.0.0.1:$https"); else echo "sslscan not installed: not timed"; fi

# One verdict line per tool first: the figures are only worth quoting for a run that judged the endpoint.
for i in "${!names[@]}"; do
  if [ "${names[$i]}" = sslscan ]; then ${commands[$i]} >/dev/null 2>&1 || true; continue; fi
  code=0; ${commands[$i]} > "$dir/out.txt" 2>&1 || code=$?
  echo "${names[$i]}: exit $code, $(grep -E '^(CONFORMANT|NON-CONFORMANT|UNDECIDED)' "$dir/out.txt" | sed 's/ — report.*//' || echo 'no verdict line')"
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
declare -A times cpus
# bash's `time`: wall, user and system seconds of the command and its children. CPU seconds move much less than wall
# time when other work shares the cores, so both are printed.
TIMEFORMAT='%R %U %S'
for ((r = 0; r < runs; r++)); do
  for i in "${!names[@]}"; do
    { time ${commands[$i]} >/dev/null 2>&1 || true; } 2> "$dir/time.txt"
    read -r wall user sys < "$dir/time.txt"
    times[$i]+="$(awk -v w="$wall" 'BEGIN { printf "%d", w * 1000 }') "
    cpus[$i]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }') "
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-60s %8s %8s %8s %8s  (wall s and median CPU s, %d runs each, in turn)\n' command min median max cpu "$runs"
median() { local sorted n; sorted=$(printf '%s\n' "$@" | sort -n); n=$(printf '%s\n' "$sorted" | wc -l); printf '%s\n' "$sorted" | sed -n "$(( (n + 1) / 2 ))p"; }
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  sorted=$(printf '%s\n' ${times[$i]} | sort -n)
  min=$(printf '%s\n' "$sorted" | head -1); max=$(printf '%s\n' "$sorted" | tail -1)
  # shellcheck disable=SC2086
  med=$(median ${times[$i]}); cpu=$(median ${cpus[$i]})
  awk -v n="${names[$i]}" -v a="$min" -v m="$med" -v b="$max" -v c="$cpu" 'BEGIN { printf "%-60s %8.3f %8.3f %8.3f %8.3f\n", n, a / 1000, m / 1000, b / 1000, c / 1000 }'
done

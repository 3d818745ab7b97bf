#!/usr/bin/env bash
# Two Nimo instances on one PostgreSQL database behind nginx, all on loopback and all thrown away at the end, and a
# checker (bench/Nimo.Bench `multi`) that signs in through nginx with password + TOTP and proves what a multi-instance
# installation needs: requests spread over both, forms and sessions valid on either, logout and lockout and TOTP replay
# seen by both (lockout is now a throttle per account and address), the scheduled work run once per tick by one leader, and the other taking over when the leader is killed.
# The settings mirror docs/deploy.md (production environment, Secure cookies, TLS at nginx, a password-authenticated role).
# Needs the .NET SDK; installs nginx, postgresql and openssl with apt when missing. Prints PASS/FAIL lines; exits non-zero
# on any failure. Usage: scripts/multi-instance.sh [--keep] (keep the temporary folder with the logs).
set -euo pipefail
cd "$(dirname "$0")/.."
keep=0
[ "${1:-}" = "--keep" ] && keep=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# PostgreSQL refuses to run as root; when we are root the cluster belongs to the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
t0=$(date +%s)
step() { echo "==> $* ($(( $(date +%s) - t0 ))s)"; }

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

work=$(mktemp -d /tmp/nimo-multi.XXXXXX)
# nginx's workers (nobody, when started by root) and PostgreSQL (postgres) need to reach their own sub-folders.
chmod 711 "$work"
app_pids=()
nginx_pid=""
cleanup() {
  local rc=$?
  for pid in "${app_pids[@]}" $nginx_pid; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${app_pids[@]}" $nginx_pid; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  if [ -f "$work/pg/data/postmaster.pid" ]; then
    as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ $keep -eq 1 ] || [ $rc -ne 0 ]; then echo "    logs kept in $work"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT INT TERM

free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
pg_port=$(free_port 55532)
port_a=$(free_port 5301)
port_b=$(free_port $((port_a + 1)))
port_nginx=$(free_port 8443)

# ---- 1. PostgreSQL: superuser by peer over the socket, the app's role by password over TCP --------------------------
step "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
mkdir -p "$work/pg/data"
db_password=$(openssl rand -hex 16)
[ "$(id -u)" -eq 0 ] && chown -R postgres "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o \
  "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
as_pg "$pgbin/psql" -q -h "$work/pg" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE nimo LOGIN PASSWORD '$db_password'" -c "CREATE DATABASE nimo OWNER nimo ENCODING 'UTF8'"
connection="Host=127.0.0.1;Port=$pg_port;Database=nimo;Username=nimo;Password=$db_password"

# ---- 2. publish once; build the checker ---------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
step "dotnet publish"
dotnet publish src/Nimo.Web -c Release -o "$work/app" -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Nimo.Bench -c Release -nologo -clp:ErrorsOnly >/dev/null

# The environment every instance shares (docs/deploy.md: /etc/nimo/nimo.env).
export ASPNETCORE_ENVIRONMENT=Production
export Database__Provider=Postgres
export ConnectionStrings__Nimo="$connection"
export Nimo__InstanceHeader=true
export Nimo__Scheduling__Interval=00:00:03
# The audit chain's key and anchors, outside the database (docs/deploy.md §9): Production makes no key of its own.
export Nimo__StateDirectory="$work/state"
install -d -m 0700 "$work/state"
(umask 077; openssl rand -base64 32 >"$work/state/audit.key")
cd "$work/app"

# ---- 3. migrate, the first administrator, and a user to lock out --------------------------------------------------
step "migrate, init, user create"
./Nimo.Web migrate 2>"$work/cli.log"
admin_password=$(./Nimo.Web init --prefecture 埼玉県 --org "埼玉県 障害者福祉推進課" --admin chiji 2>>"$work/cli.log" | tail -1)
org=$(as_pg "$pgbin/psql" -qtA -h "$work/pg" -p "$pg_port" -U postgres -d nimo -c 'SELECT min("Id") FROM "Organizations"')
lock_password=$(./Nimo.Web user create --name etsuran --role ReadOnly --org "$org" 2>>"$work/cli.log" | tail -1)

# ---- 4. two instances, started together as systemd would -----------------------------------------------------------
step "instances a (127.0.0.1:$port_a) and b (127.0.0.1:$port_b)"
Nimo__InstanceName=a ASPNETCORE_URLS="http://127.0.0.1:$port_a" ./Nimo.Web >"$work/a.log" 2>&1 &
pid_a=$!
# Disowned: the checker kills one of them on purpose, and the shell need not report it.
disown "$pid_a"
app_pids+=("$pid_a")
Nimo__InstanceName=b ASPNETCORE_URLS="http://127.0.0.1:$port_b" ./Nimo.Web >"$work/b.log" 2>&1 &
pid_b=$!
disown "$pid_b"
app_pids+=("$pid_b")
for port in "$port_a" "$port_b"; do
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$pid_a" 2>/dev/null && kill -0 "$pid_b" 2>/dev/null || { echo "an instance died:"; tail -20 "$work/a.log" "$work/b.log"; exit 1; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "instance on $port did not answer"; exit 1; }
done

# ---- 5. nginx with TLS (a throwaway certificate), round-robin, the headers the app trusts from loopback ----------------
step "nginx on https://127.0.0.1:$port_nginx"
mkdir -p "$work/nginx/tmp"
chmod 755 "$work/nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" 2>/dev/null
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log $work/nginx/access.log;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  # One limit for sign-in POSTs across all instances (the app's own limit is per instance).
  map \$request_method \$nimo_login_key { POST \$binary_remote_addr; default ""; }
  limit_req_zone \$nimo_login_key zone=nimo_login:1m rate=20r/m;
  upstream nimo {
    server 127.0.0.1:$port_a max_fails=1 fail_timeout=10s;
    server 127.0.0.1:$port_b max_fails=1 fail_timeout=10s;
    keepalive 8;
  }
  server {
    listen 127.0.0.1:$port_nginx ssl;
    ssl_certificate $work/nginx/cert.pem;
    ssl_certificate_key $work/nginx/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    client_max_body_size 11m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    # \$http_host keeps the port, which this test's nginx needs (docs/deploy.md's, on 443, uses \$host).
    proxy_set_header Host \$http_host;
    proxy_set_header X-Forwarded-For \$remote_addr;
    proxy_set_header X-Forwarded-Proto \$scheme;
    location / { proxy_pass http://nimo; }
    location ~ ^/Account/Login { limit_req zone=nimo_login burst=10 nodelay; proxy_pass http://nimo; }
  }
}
EOF
"$nginx_bin" -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fsSk "https://127.0.0.1:$port_nginx/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

# ---- 6. the checks ---------------------------------------------------------------------------------------------------
step "checks"
cd - >/dev/null
set +e
dotnet bench/Nimo.Bench/bin/Release/net10.0/Nimo.Bench.dll multi \
  --proxy "https://127.0.0.1:$port_nginx" --cert "$work/nginx/cert.pem" \
  --a "http://127.0.0.1:$port_a" --b "http://127.0.0.1:$port_b" --pid-a "$pid_a" --pid-b "$pid_b" \
  --log-a "$work/a.log" --log-b "$work/b.log" --db "$connection" --interval-seconds 3 \
  --admin chiji --admin-password "$admin_password" --lock-user etsuran --lock-password "$lock_password"
failures=$?
set -e
echo
for i in a b; do grep "Scheduled work" "$work/$i.log" | sed "s/^ */    $i.log: /" || true; done
echo "    total time $(( $(date +%s) - t0 ))s"
if [ $failures -ne 0 ]; then
  echo "FAILED ($failures)"
  exit 1
fi
echo "ALL PASSED"

#!/usr/bin/env bash
# Makes sure the services the tests talk to answer on their default loopback ports:
#   PostgreSQL on 127.0.0.1:5432 - trust auth on loopback, role `root` (superuser),
#              databases `test` and `root` (the tests connect as postgres://root@127.0.0.1:5432/postgres
#              and create one database per test file);
#   Redis      on 127.0.0.1:6379 - no password, no persistence needed.
#
# What it does, in order, for each service:
#   1. already answers        -> says so (and, for PostgreSQL, adds the role/databases if missing);
#   2. installed, not running -> starts it: PostgreSQL with pg_ctlcluster (Debian/Ubuntu clusters) or
#                                pg_ctl -D "$PGDATA"; Redis with redis-server --daemonize;
#   3. not installed          -> installs it with apt-get on Debian/Ubuntu when running as root
#                                (or through sudo: passwordless, or asking on a terminal), then starts it;
#   4. otherwise              -> prints what to run (apt, brew, docker compose) and exits 1.
# Idempotent: run it any number of times; used by .ci/run and by hand.
#
#   bash scripts/services.sh           check, start or install as needed
#   bash scripts/services.sh --check   only report; exit 1 if something is missing
#
# Environment (the defaults are what the tests expect; the ports exist to try the script out):
#   SERVICES_PG_PORT=5432  SERVICES_REDIS_PORT=6379  SERVICES_WAIT_SECONDS=30
#   SERVICES_STATE_DIR     where a Redis started here keeps its log/pid (default ${TMPDIR:-/tmp}/carteira-services-<uid>)
#   SERVICES_PG_TRUST_LOOPBACK=1  allow adding `host all all 127.0.0.1/32 trust` to an existing
#                          cluster's pg_hba.conf (done without asking only on a cluster installed/created here)
#   PGDATA                 with pg_ctl on PATH: the data directory to start when PostgreSQL is down
set -euo pipefail

ME=services.sh
HOST=127.0.0.1
PG_PORT=${SERVICES_PG_PORT:-5432}
REDIS_PORT=${SERVICES_REDIS_PORT:-6379}
WAIT_SECONDS=${SERVICES_WAIT_SECONDS:-30}
STATE_DIR=${SERVICES_STATE_DIR:-${TMPDIR:-/tmp}/carteira-services-$(id -u)}
DATABASES=(test root)

CHECK_ONLY=0
case "${1:-}" in
  '') ;;
  --check) CHECK_ONLY=1 ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "$ME: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

say() { printf '%s: %s\n' "$ME" "$*"; }
warn() { printf '%s: %s\n' "$ME" "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
# sudo without a password, or sudo that may ask for one on this terminal; decided once.
SUDO=()
if ! is_root && have sudo; then
  if sudo -n true 2>/dev/null; then SUDO=(sudo -n)
  elif [ -t 0 ] && [ -t 2 ]; then SUDO=(sudo)
  fi
fi
can_sudo() { [ "${#SUDO[@]}" -gt 0 ]; }
# Runs a command as root: directly, or through sudo. Status 126 when neither is possible.
as_root() {
  if is_root; then "$@"
  elif can_sudo; then "${SUDO[@]}" "$@"
  else return 126
  fi
}
# Runs a command as the OS user `postgres` (peer auth on the Unix socket). Status 126 when impossible.
as_postgres() {
  id postgres >/dev/null 2>&1 || return 126
  if [ "$(id -un)" = postgres ]; then "$@"
  elif is_root && have runuser; then runuser -u postgres -- "$@"
  elif is_root; then su -s /bin/bash postgres -c "$(printf '%q ' "$@")"
  elif can_sudo; then "${SUDO[@]}" -u postgres -- "$@"
  else return 126
  fi
}
with_timeout() { if have timeout; then timeout "$@"; else shift; "$@"; fi; }

# ---------------------------------------------------------------- probes

pg_answers() {
  if have pg_isready; then
    pg_isready -h "$HOST" -p "$PG_PORT" -t 3 -q
  else
    # No client tools: something accepting TCP on the port is the best we can tell.
    (exec 3<>"/dev/tcp/$HOST/$PG_PORT") 2>/dev/null
  fi
}

# Redis's answer to PING over bash's /dev/tcp, for machines without redis-cli.
redis_ping_tcp() (
  reply=''
  exec 3<>"/dev/tcp/$HOST/$REDIS_PORT" || exit 0
  printf 'PING\r\n' >&3
  IFS= read -r -t 3 reply <&3 || true
  reply=${reply%$'\r'}
  printf '%s\n' "${reply#+}"
)

# Prints Redis's answer to PING (empty when nothing answers).
redis_ping() {
  if have redis-cli; then
    with_timeout 5 redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null || true
  else
    redis_ping_tcp 2>/dev/null || true
  fi
}
redis_answers() { [ "$(redis_ping)" = PONG ]; }

pg_installed() { have pg_ctl || compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }
redis_installed() { have redis-server; }

# wait_for <probe function>: true as soon as the probe is, false after WAIT_SECONDS.
wait_for() {
  local i
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    "$1" && return 0
    sleep 1
  done
  "$1"
}

# ---------------------------------------------------------------- how to do it by hand

print_instructions() {
  cat >&2 <<EOF

$ME: $1
Any one of these gives the tests what they need (PostgreSQL on $HOST:5432 with trust auth on
loopback and a superuser role 'root'; Redis on $HOST:6379), then run 'bash scripts/services.sh' again:

  Debian / Ubuntu:
    sudo apt-get update && sudo apt-get install -y postgresql redis-server
    sudo bash scripts/services.sh          # starts them and sets up trust auth, role and databases

  macOS (Homebrew):
    brew install postgresql@16 redis
    brew services start postgresql@16 && brew services start redis
    createuser -h $HOST -s root && createdb -h $HOST -U root root && createdb -h $HOST -U root test

  Docker (from the repository root; docker-compose.yml publishes both on loopback only):
    docker compose up -d --wait

  Services elsewhere: point the tests at them with TEST_POSTGRES_URL and TEST_REDIS_URL.
The tests also run 'redis-server' and 'redis-cli' themselves, so those must be on PATH in any case.
EOF
}

# ---------------------------------------------------------------- install

# install_packages <debian package>... ; status 0 when apt-get installed them
install_packages() {
  have apt-get || return 1
  if ! is_root && ! can_sudo; then
    warn "$* not installed, and installing needs root (not root here, and no usable sudo)"
    return 1
  fi
  say "installing $* with apt-get"
  as_root apt-get update -q >&2 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 || return 1
}

# ---------------------------------------------------------------- start

PG_FRESH=0     # 1 when this run installed PostgreSQL or created its cluster: its pg_hba.conf is ours to set
PG_HOW=''      # how PostgreSQL was started (for messages)
REDIS_HOW=''

# Newest PostgreSQL version with server binaries on a Debian-style install.
debian_pg_version() {
  { compgen -G '/usr/lib/postgresql/*/bin/postgres' || true; } | sed 's#^/usr/lib/postgresql/##; s#/bin/postgres$##' | sort -V | tail -n 1
}

start_postgres() {
  if [ -n "${PGDATA:-}" ] && have pg_ctl; then
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      warn "PGDATA=$PGDATA is not a PostgreSQL data directory; create one with:"
      warn "  initdb -D \"\$PGDATA\" -U root --auth=trust"
      return 1
    fi
    if is_root; then
      warn "pg_ctl refuses to run as root; start the cluster in PGDATA=$PGDATA as its owner"
      return 1
    fi
    say "starting PostgreSQL from PGDATA=$PGDATA with pg_ctl on port $PG_PORT"
    pg_ctl -D "$PGDATA" -l "$PGDATA/carteira-services.log" -o "-p $PG_PORT -c listen_addresses=$HOST" -w -t "$WAIT_SECONDS" start >&2 || true
    PG_HOW="pg_ctl (log: $PGDATA/carteira-services.log)"
    return 0
  fi

  if have pg_lsclusters && have pg_ctlcluster; then
    if ! is_root && ! can_sudo && [ "$(id -un)" != postgres ]; then
      warn "starting a Debian PostgreSQL cluster needs root (not root here, and no usable sudo)"
      return 1
    fi
    local clusters line version='' name=''
    clusters=$(pg_lsclusters -h 2>/dev/null || true)
    read -r version name < <(awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }' <<<"$clusters") || true
    if [ -z "$version" ]; then
      if [ -n "$clusters" ]; then
        warn "no PostgreSQL cluster is set to port $PG_PORT; the clusters here are:"
        while IFS= read -r line; do warn "  $line"; done <<<"$clusters"
        warn "start one on port $PG_PORT (e.g. pg_createcluster <version> <name> -p $PG_PORT --start)"
        return 1
      fi
      version=$(debian_pg_version)
      [ -n "$version" ] || { warn "pg_ctlcluster is installed but no PostgreSQL server is"; return 1; }
      is_root || can_sudo || { warn "creating a cluster needs root"; return 1; }
      name=main
      say "creating PostgreSQL cluster $version/$name on port $PG_PORT"
      as_root pg_createcluster "$version" "$name" -p "$PG_PORT" >&2 || { warn "pg_createcluster failed (needs root)"; return 1; }
      PG_FRESH=1
    fi
    say "starting PostgreSQL cluster $version/$name (port $PG_PORT) with pg_ctlcluster"
    # Under systemd pg_ctlcluster hands over to systemctl itself. A failure here (e.g. started
    # meanwhile by someone else) is judged by whether the server answers, just after.
    if is_root || can_sudo; then
      as_root pg_ctlcluster "$version" "$name" start >&2 || true
    else
      pg_ctlcluster "$version" "$name" start >&2 || true
    fi
    PG_HOW="pg_ctlcluster $version $name (log: /var/log/postgresql/postgresql-$version-$name.log)"
    return 0
  fi

  if have pg_ctl; then
    warn "pg_ctl is installed but PGDATA is not set, so which data directory to start is unknown"
  fi
  return 1
}

start_redis() {
  have redis-server || return 1
  # A directory of our own: refuse one somebody else prepared (e.g. a symlink in /tmp).
  mkdir -p "$STATE_DIR"
  if [ -L "$STATE_DIR" ] || [ ! -O "$STATE_DIR" ]; then
    warn "$STATE_DIR is not a directory owned by $(id -un); set SERVICES_STATE_DIR"
    return 1
  fi
  chmod 700 "$STATE_DIR"
  local log="$STATE_DIR/redis-$REDIS_PORT.log" pidfile="$STATE_DIR/redis-$REDIS_PORT.pid"
  say "starting redis-server on $HOST:$REDIS_PORT (no persistence; log: $log)"
  redis-server --daemonize yes --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$STATE_DIR" --logfile "$log" --pidfile "$pidfile" >&2 || true
  REDIS_HOW="redis-server --daemonize (pid file: $pidfile, log: $log)"
}

# ---------------------------------------------------------------- PostgreSQL role, auth, databases

PG_NOTE=''
# psql as role root over TCP, exactly as the tests connect.
root_psql() { PGCONNECT_TIMEOUT=5 psql -X -w -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PG_PORT" -U root -d postgres -tA "$@"; }

ADMIN=()   # a psql command line that runs as a PostgreSQL superuser
find_admin() {
  if [ "$(PGCONNECT_TIMEOUT=5 psql -X -w -h "$HOST" -p "$PG_PORT" -U root -d postgres -tAc 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user' 2>/dev/null)" = t ]; then
    ADMIN=(env PGCONNECT_TIMEOUT=5 psql -X -w -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PG_PORT" -U root -d postgres -tA)
  elif [ "$(PGCONNECT_TIMEOUT=5 psql -X -w -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -tAc 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user' 2>/dev/null)" = t ]; then
    ADMIN=(env PGCONNECT_TIMEOUT=5 psql -X -w -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -tA)
  elif [ "$(as_postgres psql -X -w -p "$PG_PORT" -d postgres -tAc 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user' 2>/dev/null)" = t ]; then
    # Unix socket, peer auth as the postgres OS user (a fresh Debian cluster).
    ADMIN=(as_postgres psql -X -w -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres -tA)
  else
    return 1
  fi
}

# Adds trust for loopback TCP at the top of pg_hba.conf (first match wins) and reloads.
trust_loopback() {
  local hba marker='# scripts/services.sh: trust on loopback for the tests'
  hba=$("${ADMIN[@]}" -c 'SHOW hba_file') || return 1
  if as_root grep -qxF "$marker" "$hba" 2>/dev/null || as_postgres grep -qxF "$marker" "$hba" 2>/dev/null; then
    say "$hba already trusts loopback (added earlier by this script)"
  else
    say "adding trust auth for 127.0.0.1 and ::1 at the top of $hba"
    local lines
    lines=$(printf '%s\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n' "$marker")
    # Rewritten in place (>), so the file keeps its owner and mode; as root, else as its owner postgres.
    # shellcheck disable=SC2016 # expanded by the inner sh
    local prepend='f=$1; new=$(printf "%s\n" "$2"; cat "$f") && printf "%s\n" "$new" > "$f"'
    if ! { as_root sh -c "$prepend" _ "$hba" "$lines" 2>/dev/null || as_postgres sh -c "$prepend" _ "$hba" "$lines"; }; then
      warn "could not write $hba"
      return 1
    fi
  fi
  "${ADMIN[@]}" -c 'SELECT pg_reload_conf()' >/dev/null
}

ensure_postgres_setup() {
  if ! have psql; then
    PG_NOTE=' (psql not installed: role root and databases not checked)'
    return 0
  fi
  local probe err=''
  probe=$(root_psql -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user' 2>&1) || { err=$probe; probe=''; }

  if [ "$probe" != t ]; then
    if ! find_admin; then
      warn "PostgreSQL answers on $HOST:$PG_PORT, but neither role root nor an administrator can connect:"
      warn "  ${err:-role root is not a superuser}"
      warn "the tests need 'host all all 127.0.0.1/32 trust' in pg_hba.conf and a superuser role root"
      return 1
    fi
    case "$err" in
      *'password authentication failed'* | *'no password supplied'* | *'authentication failed'* | *'no pg_hba.conf entry'*)
        if [ "$PG_FRESH" = 1 ] || [ "${SERVICES_PG_TRUST_LOOPBACK:-0}" = 1 ]; then
          trust_loopback || return 1
        else
          local hba
          hba=$("${ADMIN[@]}" -c 'SHOW hba_file' 2>/dev/null || echo pg_hba.conf)
          warn "PostgreSQL on $HOST:$PG_PORT wants a password; the tests expect trust auth on loopback:"
          warn "  ${err}"
          warn "add these lines at the top of $hba and reload (SELECT pg_reload_conf()):"
          warn "  host all all 127.0.0.1/32 trust"
          warn "  host all all ::1/128 trust"
          warn "or rerun with SERVICES_PG_TRUST_LOOPBACK=1 to let this script do it"
          return 1
        fi
        ;;
    esac
    local role
    role=$("${ADMIN[@]}" -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'root'")
    if [ -z "$role" ]; then
      say "creating role root (superuser)"
      "${ADMIN[@]}" -c 'CREATE ROLE root SUPERUSER LOGIN' >/dev/null 2>&1 \
        || [ -n "$("${ADMIN[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'root'")" ] || return 1
    elif [ "$role" != t ]; then
      say "making role root a superuser"
      "${ADMIN[@]}" -c 'ALTER ROLE root SUPERUSER LOGIN' >/dev/null
    fi
    err=$(root_psql -c 'SELECT 1' 2>&1 >/dev/null) || {
      warn "role root still cannot connect to $HOST:$PG_PORT: $err"
      return 1
    }
  fi

  local db
  for db in "${DATABASES[@]}"; do
    if [ -z "$(root_psql -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      say "creating database $db"
      # Someone running this script at the same moment may win the race; that is fine.
      root_psql -c "CREATE DATABASE \"$db\"" >/dev/null 2>&1 \
        || [ -n "$(root_psql -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ] \
        || { warn "could not create database $db"; return 1; }
    fi
  done
  PG_NOTE="; role root is a superuser; databases ${DATABASES[*]} exist"
}

# ---------------------------------------------------------------- main

pg_was_up=0
redis_was_up=0
pg_answers && pg_was_up=1
if redis_answers; then
  redis_was_up=1
else
  reply=$(redis_ping)
  if [ -n "$reply" ]; then
    warn "something answers on $HOST:$REDIS_PORT but not as the tests need (PING -> '$reply'; a password?)"
    exit 1
  elif (exec 3<>"/dev/tcp/$HOST/$REDIS_PORT") 2>/dev/null; then
    warn "something that is not Redis listens on $HOST:$REDIS_PORT; free the port for Redis"
    exit 1
  fi
fi

if [ "$CHECK_ONLY" = 1 ]; then
  status=0
  if [ "$pg_was_up" = 1 ]; then say "PostgreSQL answers on $HOST:$PG_PORT"; else say "PostgreSQL does NOT answer on $HOST:$PG_PORT"; status=1; fi
  if [ "$redis_was_up" = 1 ]; then say "Redis answers on $HOST:$REDIS_PORT"; else say "Redis does NOT answer on $HOST:$REDIS_PORT"; status=1; fi
  exit "$status"
fi

# Install what is missing for the service(s) that are down.
packages=()
if [ "$pg_was_up" = 0 ] && ! pg_installed; then packages+=(postgresql); fi
if [ "$redis_was_up" = 0 ] && ! redis_installed; then packages+=(redis-server); fi
if [ "${#packages[@]}" -gt 0 ]; then
  if ! install_packages "${packages[@]}"; then
    print_instructions "cannot install ${packages[*]} here (needs apt-get, and root or sudo)"
    exit 1
  fi
  [[ " ${packages[*]} " == *' postgresql '* ]] && PG_FRESH=1
fi

# Start what is still down (a package's own scripts may have started it meanwhile).
if [ "$pg_was_up" = 0 ] && ! pg_answers; then
  start_postgres || { print_instructions "PostgreSQL is not running on $HOST:$PG_PORT and could not be started"; exit 1; }
fi
if [ "$redis_was_up" = 0 ] && ! redis_answers; then
  start_redis || { print_instructions "Redis is not running on $HOST:$REDIS_PORT and could not be started"; exit 1; }
fi

if ! wait_for pg_answers; then
  warn "PostgreSQL does not answer on $HOST:$PG_PORT after ${WAIT_SECONDS}s${PG_HOW:+ (started with $PG_HOW)}"
  exit 1
fi
if ! wait_for redis_answers; then
  warn "Redis does not answer on $HOST:$REDIS_PORT after ${WAIT_SECONDS}s${REDIS_HOW:+ (started with $REDIS_HOW)}"
  [ -f "$STATE_DIR/redis-$REDIS_PORT.log" ] && tail -n 5 "$STATE_DIR/redis-$REDIS_PORT.log" >&2
  exit 1
fi

ensure_postgres_setup || exit 1

if [ "$pg_was_up" = 1 ]; then pg_state='was already up'; else pg_state="started (${PG_HOW})"; fi
if [ "$redis_was_up" = 1 ]; then redis_state='was already up'; else redis_state="started (${REDIS_HOW})"; fi
say "PostgreSQL on $HOST:$PG_PORT $pg_state${PG_NOTE}"
say "Redis on $HOST:$REDIS_PORT $redis_state"
if ! have redis-server || ! have redis-cli; then
  warn "note: the tests also run redis-server and redis-cli themselves; install them (apt-get install redis-server / brew install redis)"
fi
say "PostgreSQL and Redis are up"

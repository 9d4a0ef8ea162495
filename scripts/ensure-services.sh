#!/usr/bin/env bash
# Installs missing Debian packages (redis-server, chromium, an emoji font, postgresql) when run as root with apt, and makes
# sure Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, database `test`) answer, starting them if not.
# Set RAQIB_SKIP_SERVICES=1 to skip this (e.g. when REDIS_URL / TEST_DATABASE_URL point elsewhere).
set -euo pipefail
[ "${RAQIB_SKIP_SERVICES:-}" = "1" ] && exit 0

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
# An emoji font, so the message screenshots show 🔔 as Discord does (not an empty box).
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
command -v pg_ctlcluster >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-services: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "ensure-services: missing ${need[*]}; install them (apt-get install ${need[*]}) or set REDIS_URL/TEST_DATABASE_URL" >&2
  fi
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -z "${REDIS_URL:-}" ] && ! port_open 6379; then
  echo "ensure-services: starting redis-server on 127.0.0.1:6379" >&2
  mkdir -p /tmp/raqib-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp/raqib-redis \
    --logfile /tmp/raqib-redis/redis.log
fi

if [ -z "${TEST_DATABASE_URL:-}" ] && ! port_open 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
    ver=$(ls /etc/postgresql | sort -n | tail -n1)
    echo "ensure-services: starting PostgreSQL $ver" >&2
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  fi
fi

for _ in $(seq 1 50); do
  if { [ -n "${REDIS_URL:-}" ] || port_open 6379; } && { [ -n "${TEST_DATABASE_URL:-}" ] || port_open 5432; }; then break; fi
  sleep 0.2
done

if [ -z "${TEST_DATABASE_URL:-}" ] && port_open 5432 && command -v psql >/dev/null 2>&1; then
  # Trust auth is expected on this kind of machine; create the `test` database if it is missing.
  if ! psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -c 'create database test' >/dev/null 2>&1 || true
  fi
fi
port_open 6379 || [ -n "${REDIS_URL:-}" ] || echo "ensure-services: WARNING Redis does not answer on 6379" >&2
port_open 5432 || [ -n "${TEST_DATABASE_URL:-}" ] || echo "ensure-services: WARNING PostgreSQL does not answer on 5432" >&2
exit 0

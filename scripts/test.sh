#!/usr/bin/env bash
# `make test`: installs what the tests need, then runs the whole suite (browser tests included)
# on SQLite and on a throw-away PostgreSQL cluster. Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."

# 1. System packages: PostgreSQL, Chromium, fonts with every Vietnamese letter, poppler, LibreOffice (DOCX → PDF),
#    zbar (QR codes read back), pango (WeasyPrint).
APT_PACKAGES="postgresql chromium fonts-liberation2 fonts-croscore poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui zbar-tools libpango-1.0-0 libpangoft2-1.0-0"
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || missing+=(fonts-liberation2 fonts-croscore)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing+=(libreoffice-calc-nogui)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
ls /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1 || missing+=(libpango-1.0-0)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Cài gói hệ thống: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null || {
      echo "Không cài được gói hệ thống: ${missing[*]}" >&2; exit 1; }
  else
    echo "Thiếu gói hệ thống; hãy cài (Debian): sudo apt-get install $APT_PACKAGES" >&2
    exit 1
  fi
fi

# 2. Python packages into .venv.
scripts/install.sh || exit 1

# 3. Lint and migrations in sync.
echo "==> ruff"
.venv/bin/ruff check . || exit 1
echo "==> migrations"
CCHC_DATA_DIR=$(mktemp -d) .venv/bin/cchc makemigrations --check --dry-run >/dev/null || {
  echo "Có thay đổi model chưa có migration: chạy '.venv/bin/cchc makemigrations'." >&2; exit 1; }

export CCHC_DATA_DIR
CCHC_DATA_DIR=$(mktemp -d /tmp/cchc-test-data.XXXXXX)
run_pytest() {  # $1 = label; the rest: pytest arguments
  local label=$1; shift
  echo "==> pytest ($label)"
  .venv/bin/pytest "$@"
  local rc=$?
  if [ $rc -eq 5 ]; then echo "(không có test nào được chạy)"; rc=0; fi
  return $rc
}

# 4. SQLite.
unset DATABASE_URL
run_pytest SQLite "$@"; rc_sqlite=$?

# 5. PostgreSQL: a fresh cluster on a free port in a fresh folder, stopped at the end.
PG_BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
PG_DIR=$(mktemp -d /tmp/cchc-pg.XXXXXX)
PG_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
stop_pg() { as_pg "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop" >/dev/null 2>&1; rm -rf "$PG_DIR" "$CCHC_DATA_DIR"; }
trap stop_pg EXIT
echo "==> PostgreSQL tạm thời tại 127.0.0.1:$PG_PORT ($PG_DIR)"
as_pg "$PG_BIN/initdb -D $PG_DIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log"; exit 1; }
as_pg "$PG_BIN/pg_ctl -D $PG_DIR/data -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off' -l $PG_DIR/log -w start" >/dev/null \
  || { cat "$PG_DIR/log"; exit 1; }
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/cchc" run_pytest PostgreSQL "$@"; rc_pg=$?

echo "==> Kết quả: SQLite $([ $rc_sqlite = 0 ] && echo đạt || echo 'KHÔNG đạt'), PostgreSQL $([ $rc_pg = 0 ] && echo đạt || echo 'KHÔNG đạt')"
[ $rc_sqlite = 0 ] && [ $rc_pg = 0 ]

#!/usr/bin/env bash
# Makes sure the local PostgreSQL server (127.0.0.1:5432, user postgres, trust auth) is up.
set -euo pipefail

# Integration tests each create a pd_test_* database; drop those of earlier runs that no one is
# connected to any more, so they do not pile up (a database in use is left alone).
drop_old_test_databases() {
  psql -h 127.0.0.1 -U postgres -d postgres -Atqc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'pd\_test\_%'" 2>/dev/null |
    while read -r name; do
      psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$name\"" >/dev/null 2>&1 || true
    done
}

if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then drop_old_test_databases; exit 0; fi
if command -v pg_ctlcluster >/dev/null; then
  echo "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && { drop_old_test_databases; exit 0; }
  sleep 1
done
echo "PostgreSQL is not reachable on 127.0.0.1:5432; the PostgreSQL tests need it." >&2
exit 1

#!/usr/bin/env bash
# Drops the throwaway databases (tessera_t_*) that PostgreSQL tests create.
set -euo pipefail
# The tests' mail folders (and SQLite files) live here.
rm -rf "${TMPDIR:-/tmp}/tessera-tests"
url="${TEST_DATABASE_URL:-}"
[ -n "$url" ] || exit 0
command -v psql >/dev/null || { echo "psql not found; leaving test databases in place"; exit 0; }
psql "$url" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'tessera\_t\_%'" |
  while read -r db; do psql "$url" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null; done

"""The query plans of `make bench`, as Markdown.

    plans.py LABEL SERVER-LOG MARKER VALUE… -- SQL-CLIENT…

Reads the JSON log of a server run with `RUST_LOG=sqlx::query=debug` (one call of a page's
server function), keeps the statements that contain MARKER, writes the call's values in for
$1, $2, … (VALUEs are SQL literals) and asks the database for the plan: SQLite's
`EXPLAIN QUERY PLAN`, PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS)`. SQL-CLIENT is the command
that runs one statement given as its last argument (`sqlite3 FILE`, `psql URL -qAt -c`).
"""

import json
import re
import subprocess
import sys


def statements(log_path, marker):
    seen = []
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            try:
                fields = json.loads(line).get("fields", {})
            except ValueError:
                continue
            sql = (fields.get("db.statement") or fields.get("summary") or "").strip()
            if marker in sql and sql not in [s for s, _ in seen]:
                seen.append((sql, fields.get("elapsed", "")))
    return seen


def with_values(sql, values):
    # $10 before $1: replace the longest placeholders first.
    for n in sorted(range(1, len(values) + 1), reverse=True):
        sql = re.sub(r"\$%d(?!\d)" % n, values[n - 1], sql)
    return sql


def main():
    args = sys.argv[1:]
    split = args.index("--")
    label, log_path, marker, values = args[0], args[1], args[2], args[3:split]
    client = args[split + 1:]
    found = statements(log_path, marker)
    if not found:
        print(f"(no statement containing `{marker}` in the server's log)")
        return
    explain = "EXPLAIN QUERY PLAN " if label == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    for sql, elapsed in found:
        filled = with_values(sql, values)
        run = subprocess.run(client + [explain + filled], capture_output=True, text=True)
        plan = (run.stdout + run.stderr).strip()
        print("```sql")
        print(filled)
        print("```")
        if elapsed:
            print(f"(this statement took {elapsed} in the logged call)")
            print()
        print("```")
        print(plan)
        print("```")
        print()


if __name__ == "__main__":
    main()

"""Operations tests: the site run as in production, as real processes.

- test_scale_out: two gunicorn servers on one PostgreSQL and one Redis; a day
  edited and published through one is read from the other at once.
- test_postgres_restart: gunicorn and the scheduler survive a restart of
  PostgreSQL (a server of the test's own, started with initdb/pg_ctl).
- test_backup_restore: `backup_site` then `restore_site` into a fresh
  database and media folder give back every page, revision and file.

They start their own processes and databases (tests/ops/processes.py) and
never use the suite's test database; see each module for when it runs or is
skipped.
"""

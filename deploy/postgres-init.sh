#!/bin/sh
# Runs once, when the PostgreSQL volume is first created: the Prefect server's own database
# beside the pipeline's (POSTGRES_DB).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -c "CREATE DATABASE \"$PREFECT_DB\" OWNER \"$POSTGRES_USER\";"

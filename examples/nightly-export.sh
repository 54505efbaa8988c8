#!/bin/sh
# nightly-export.sh — the nightly cron export: every entity as CSV and the
# whole store as JSON Lines, into a dated directory, each file written
# atomically (a consumer never sees half a file), old days pruned.
#
# Usage:   nightly-export.sh [DIR]        (default /var/backups/deskctl)
# Env:     DESKCTL_DB   the store (or DESKCTL_STORE for etcd)
#          KEEP_DAYS    days of exports to keep (default 14)
#
# crontab (02:15 every night; output only on failure, for cron's mail):
#   15 2 * * * DESKCTL_DB=/srv/deskctl/deskctl.db /usr/local/bin/nightly-export.sh /var/backups/deskctl
set -eu

dir=${1:-/var/backups/deskctl}
day=$(date +%F)
out="$dir/$day"
mkdir -p "$out"

for kind in managers accounts contacts links tickets; do
	deskctl export "$kind" --file "$out/$kind.csv" --quiet
done
# The whole store, restorable with `deskctl import all` into a new store.
deskctl export all --file "$out/all.jsonl" --quiet

# Keep KEEP_DAYS days of exports.
find "$dir" -mindepth 1 -maxdepth 1 -type d -name '????-??-??' -mtime +"${KEEP_DAYS:-14}" -exec rm -rf {} +

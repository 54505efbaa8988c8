#!/bin/sh
# jq-pipeline.sh — change records in bulk with jq: export as JSON Lines,
# transform, import back with --key id --on-conflict update. The import is
# one unit and goes through the same validation as `account edit`.
#
# Here: every account not yet mapped to the CRM is marked "pending" and
# tagged needs-crm; then the names of the pending accounts are printed.
#
# Usage:   jq-pipeline.sh        Env: DESKCTL_DB (or DESKCTL_STORE); needs jq
set -eu

deskctl export accounts --crm-status unmapped --format jsonl |
	jq -c 'select(.crm_id == "") | {id, crm_status: "pending", tags: (.tags + ["needs-crm"])}' |
	deskctl import accounts - --format jsonl --key id --on-conflict update

deskctl export accounts --crm-status pending --format jsonl | jq -r '.name'

#!/bin/sh
# bulk-onboard.sh — onboard a customer base from a CRM's files: accounts,
# then contacts, then the links between them. Each import is one unit:
# all of its rows land or none do. A file with rejected rows stops the
# onboarding, and its rejected rows (with the reason in an "error" column)
# are left in KIND.errors.csv, ready to fix and import again.
#
# Re-running is safe: rows are keyed (accounts by external id, contacts by
# email) and existing records are updated, so nothing is ever created
# twice.
#
# Usage:   bulk-onboard.sh DIR     (DIR holds accounts.csv, contacts.csv, links.csv)
# Env:     DESKCTL_DB (or DESKCTL_STORE)
# Exit:    0 when everything landed; otherwise deskctl's exit code
#          (5: rejected rows, see the errors files).
set -u

dir=${1:?usage: bulk-onboard.sh DIR}

for kind in accounts contacts links; do
	in="$dir/$kind.csv"
	errors="$dir/$kind.errors.csv"
	[ -f "$in" ] || continue
	case $kind in
	accounts) set -- --key external_id --on-conflict update ;;
	contacts) set -- --key email --on-conflict update ;;
	links) set -- --account-key external_id --contact-key email --move ;;
	esac
	if deskctl import "$kind" "$in" "$@" --errors "$errors"; then
		rm -f "$errors"
	else
		rc=$?
		echo "bulk-onboard: $kind not imported (exit $rc); see $errors" >&2
		exit "$rc"
	fi
done
echo "bulk-onboard: done" >&2

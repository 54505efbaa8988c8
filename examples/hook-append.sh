#!/bin/sh
# A deskctl hook: append every event it receives to a JSON Lines file.
#
# deskctl runs a hook after each matching write has committed, with the
# event as one line of JSON on stdin and DESKCTL_EVENT / DESKCTL_ID in the
# environment. Configure it in $XDG_CONFIG_HOME/deskctl/config.yaml:
#
#   hooks:
#     - on: "account.*"
#       run: ["/path/to/hook-append.sh", "/var/log/deskctl-events.jsonl"]
#       timeout: 5s
#
# A hook that exits non-zero is reported on stderr and in `deskctl log`;
# the write it follows stands.
set -eu
out=${1:?usage: hook-append.sh FILE}
# One read of stdin, one append: lines from concurrent writers never mix.
line=$(cat)
printf '%s\n' "$line" >> "$out"

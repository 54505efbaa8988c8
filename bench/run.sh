#!/usr/bin/env bash
# bench/run.sh — deskctl against the sqlite3 shell at help-desk scale.
#
# Builds deskctl, generates the dataset with the project's own generator
# (bench/gen), then measures each operation alternating deskctl and the
# sqlite3 baseline run by run (A B A B ...), and writes the medians, the
# ratio deskctl/sqlite3 and the targets of issue #5 to bench/RESULTS.md.
#
#   make bench                      # 1M accounts, 2M contacts, 2M tickets
#   BENCH_QUICK=1 make bench        # 1/100 of that: a smoke run
#   RUNS=5 BENCH_ACCOUNTS=250000 BENCH_CONTACTS=500000 BENCH_TICKETS=500000 bench/run.sh
#
# Environment: BENCH_ACCOUNTS, BENCH_CONTACTS, BENCH_TICKETS (sizes),
# BENCH_QUICK=1 (divide the sizes by 100), RUNS (runs of each side per
# import, default 3; the export and queries run 3×RUNS times), BENCH_DIR (work directory,
# default /tmp/deskctl-bench; the dataset is kept there between runs),
# BENCH_SEARCH (the --search text, default 99999), BENCH_OUT (the report,
# default bench/RESULTS.md).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

ACCOUNTS=${BENCH_ACCOUNTS:-1000000}
CONTACTS=${BENCH_CONTACTS:-2000000}
TICKETS=${BENCH_TICKETS:-2000000}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	ACCOUNTS=$((ACCOUNTS / 100)) CONTACTS=$((CONTACTS / 100)) TICKETS=$((TICKETS / 100))
fi
RUNS=${RUNS:-3}
QRUNS=$((RUNS * 3))
DIR=${BENCH_DIR:-/tmp/deskctl-bench}
SEARCH=${BENCH_SEARCH:-99999}
OUT=${BENCH_OUT:-$ROOT/bench/RESULTS.md}
BIG=$((CONTACTS / 100)) # contacts moved into account 1, the "large account"
DATA=$DIR/data-$ACCOUNTS-$CONTACTS-$TICKETS
WORK=$DIR/work
RES=$DIR/results
# Taken now: the report rewrites bench/RESULTS.md, which would make it "dirty".
VERSION=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMAND="${0} (BENCH_ACCOUNTS=$ACCOUNTS BENCH_CONTACTS=$CONTACTS BENCH_TICKETS=$TICKETS RUNS=$RUNS BENCH_SEARCH=$SEARCH)"

log() { printf 'bench: %s\n' "$*" >&2; }

# --- what the run needs ---------------------------------------------------

SQLITE=1
if ! command -v sqlite3 >/dev/null 2>&1; then
	log "sqlite3 is missing; installing it from the distribution's packages"
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO="sudo -n"
	if command -v apt-get >/dev/null 2>&1 &&
		$SUDO apt-get update -qq >/dev/null 2>&1 &&
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq sqlite3 >/dev/null 2>&1; then
		log "installed $(sqlite3 --version | cut -d' ' -f1)"
	else
		log "could not install sqlite3 (no apt-get, or no root): skipping the sqlite3 baseline, ratios will read n/a"
		SQLITE=0
	fi
fi

mkdir -p "$DIR" "$DATA" "$WORK"
rm -rf "$RES" && mkdir -p "$RES"
log "building deskctl and the helpers"
CGO_ENABLED=0 go build -trimpath -o "$DIR/deskctl" ./cmd/deskctl
go build -o "$DIR/measure" ./bench/measure
go build -o "$DIR/floor" ./bench/floor
DESKCTL=$DIR/deskctl
MEASURE=$DIR/measure
FLOOR=$DIR/floor
# Keep the user's config and actor out of the measurements.
export XDG_CONFIG_HOME=$DIR/config DESKCTL_ACTOR=bench NO_COLOR=1

if [ ! -f "$DATA/.done" ]; then
	log "generating $ACCOUNTS accounts, $CONTACTS contacts, $TICKETS tickets in $DATA"
	go run ./bench/gen -dir "$DATA" -accounts "$ACCOUNTS" -contacts "$CONTACTS" -tickets "$TICKETS"
	# The large account: every 10th contact has a free-mail address (no
	# account owns gmail.com); links.csv spreads them over the accounts and
	# big-links.csv then moves the first $BIG of them into account 1.
	{
		echo "account,contact"
		awk -v n="$BIG" 'BEGIN { for (i = 1; i <= n; i++) printf "CRM-00000001,user%d@gmail.com\n", i * 10 }'
	} >"$DATA/big-links.csv"
	touch "$DATA/.done"
fi

# --- measuring --------------------------------------------------------------

# measure NAME SIDE CMD... runs CMD once and appends "ms rss_kb exit" to
# $RES/NAME.SIDE; the command's output is discarded. MEASURE_FLAGS=-wall
# (the export and the queries) skips the memory polling.
MEASURE_FLAGS=
measure() {
	local name=$1 side=$2
	shift 2
	"$MEASURE" $MEASURE_FLAGS -o "$RES/$name.$side" -- "$@" >/dev/null 2>"$RES/last.err" || {
		log "$name ($side) failed: $*"
		cat "$RES/last.err" >&2
		exit 1
	}
	log "  $name $side: $(tail -n 1 "$RES/$name.$side")"
}

# alternate NAME RUNS PREP_A CMD_A PREP_B CMD_B: RUNS times, prepare and
# measure deskctl, then prepare and measure sqlite3. PREP_* are shell
# snippets (not timed); CMD_* are evaluated and timed.
alternate() {
	local name=$1 runs=$2 prep_a=$3 cmd_a=$4 prep_b=$5 cmd_b=$6 i
	log "$name: $runs runs each"
	for ((i = 1; i <= runs; i++)); do
		eval "$prep_a"
		eval "measure $name deskctl $cmd_a"
		if [ "$SQLITE" = 1 ]; then
			eval "$prep_b"
			eval "measure $name sqlite3 $cmd_b"
		fi
	done
}

D=$WORK/desk.db   # the deskctl store of the run
S=$WORK/sqlite.db # the sqlite3 database of the run
BASE=$WORK/base   # prepared stores: base.<stage>.db / base.<stage>.sqlite

# The sqlite3 side reads its script from a file on standard input: Q NAME
# writes standard input to $WORK/NAME.sql.
Q() { cat >"$WORK/$1.sql"; }
Q accounts_schema <<EOF
CREATE TABLE accounts(name TEXT NOT NULL UNIQUE COLLATE NOCASE, domains TEXT UNIQUE,
  external_id TEXT UNIQUE, phone TEXT, tags TEXT, tier TEXT);
EOF
Q accounts <<EOF
.import --csv --skip 1 $DATA/accounts.csv accounts
EOF
Q accounts_shuffled <<EOF
.import --csv --skip 1 $DATA/accounts-shuffled.csv accounts
EOF
Q contacts_schema <<EOF
CREATE TABLE contacts(name TEXT NOT NULL, email TEXT UNIQUE COLLATE NOCASE,
  external_id TEXT UNIQUE, title TEXT, account_id INTEGER REFERENCES accounts(rowid));
CREATE INDEX contacts_account ON contacts(account_id);
CREATE TABLE tickets(subject TEXT NOT NULL, description TEXT, status TEXT, priority TEXT,
  contact_id INTEGER NOT NULL REFERENCES contacts(rowid));
CREATE INDEX tickets_contact ON tickets(contact_id);
EOF
# Contacts: the account is looked up by the email's domain (rule 7).
Q contacts <<EOF
CREATE TEMP TABLE c_in(name, email, external_id, title);
.import --csv --skip 1 $DATA/contacts.csv c_in
INSERT INTO contacts(name, email, external_id, title, account_id)
  SELECT name, email, external_id, title,
    (SELECT rowid FROM accounts WHERE domains = lower(substr(email, instr(email, '@') + 1))) FROM c_in;
EOF
# Links: each row sets a contact's account, both looked up by key.
for f in links big-links; do
	Q "$f" <<EOF
CREATE TEMP TABLE l_in(account, contact);
.import --csv --skip 1 $DATA/$f.csv l_in
UPDATE contacts SET account_id = (SELECT rowid FROM accounts WHERE external_id = l_in.account)
  FROM l_in WHERE contacts.email = l_in.contact;
EOF
done
# Tickets: the contact is looked up by email.
Q tickets <<EOF
CREATE TEMP TABLE t_in(subject, description, status, priority, contact);
.import --csv --skip 1 $DATA/tickets.csv t_in
INSERT INTO tickets(subject, description, status, priority, contact_id)
  SELECT subject, description, status, priority, (SELECT rowid FROM contacts WHERE email = t_in.contact) FROM t_in;
EOF
ACCOUNT_COLS="rowid, name, domains, external_id, phone, tags, tier"
Q export <<EOF
.headers on
.mode csv
.output $WORK/out.csv
SELECT $ACCOUNT_COLS FROM accounts;
EOF
DOMAIN=$(awk -F, 'NR == 3 { print $2 }' "$DATA/accounts.csv")
EXT=$(awk -F, -v n=$((ACCOUNTS / 2 + 1)) 'NR == n { print $3 }' "$DATA/accounts.csv")
AFTER=$((ACCOUNTS - 100))
Q search <<EOF
SELECT $ACCOUNT_COLS FROM accounts WHERE name LIKE '%$SEARCH%' OR domains LIKE '%$SEARCH%' LIMIT 50;
EOF
for w in "domain:domains = '$DOMAIN'" "ext:external_id = '$EXT'"; do
	Q "show_${w%%:*}" <<EOF
SELECT $ACCOUNT_COLS FROM accounts WHERE ${w#*:};
SELECT rowid, * FROM contacts WHERE account_id = (SELECT rowid FROM accounts WHERE ${w#*:});
SELECT t.rowid, t.*, c.account_id FROM tickets t JOIN contacts c ON c.rowid = t.contact_id
  WHERE c.account_id = (SELECT rowid FROM accounts WHERE ${w#*:}) ORDER BY t.rowid;
EOF
done
Q ticket_list <<EOF
SELECT t.rowid, t.subject, t.status, t.priority, t.contact_id, c.account_id FROM tickets t
  JOIN contacts c ON c.rowid = t.contact_id WHERE c.account_id = 1 ORDER BY t.rowid LIMIT 100;
EOF
Q list_after <<EOF
SELECT $ACCOUNT_COLS FROM accounts WHERE rowid > $AFTER ORDER BY rowid LIMIT 100;
EOF
LITE='sqlite3 -bail $S <$WORK'
size() { stat -c %s "$1"; }

# Imports: each run starts from a fresh copy of the previous stage.
alternate import_accounts "$RUNS" \
	'rm -f $D' '$DESKCTL --db $D import accounts $DATA/accounts.csv' \
	'rm -f $S; sqlite3 $S <$WORK/accounts_schema.sql' "$LITE/accounts.sql"
cp "$D" "$BASE.accounts.db"
size "$D" >"$RES/size_accounts.deskctl"
if [ "$SQLITE" = 1 ]; then
	size "$S" >"$RES/size_accounts.sqlite3"
	cp "$S" "$BASE.accounts.sqlite" && sqlite3 "$BASE.accounts.sqlite" <"$WORK/contacts_schema.sql"
fi

alternate import_accounts_shuffled "$RUNS" \
	'rm -f $D' '$DESKCTL --db $D import accounts $DATA/accounts-shuffled.csv' \
	'rm -f $S; sqlite3 $S <$WORK/accounts_schema.sql' "$LITE/accounts_shuffled.sql"

# The floor: the same key writes through the bbolt store and the journal alone
# (bench/floor), none of the domain's work; reported against sqlite3's
# imports above.
log "floor: $RUNS runs of each order"
for ((i = 1; i <= RUNS; i++)); do
	rm -f "$D" && measure floor_accounts deskctl "$FLOOR" -db "$D" "$DATA/accounts.csv"
	size "$D" >"$RES/size_floor.deskctl"
	rm -f "$D" && measure floor_accounts_shuffled deskctl "$FLOOR" -db "$D" "$DATA/accounts-shuffled.csv"
done

alternate import_contacts "$RUNS" \
	'cp $BASE.accounts.db $D' '$DESKCTL --db $D import contacts $DATA/contacts.csv' \
	'cp $BASE.accounts.sqlite $S' "$LITE/contacts.sql"
cp "$D" "$BASE.contacts.db"
[ "$SQLITE" = 0 ] || cp "$S" "$BASE.contacts.sqlite"

alternate import_links "$RUNS" \
	'cp $BASE.contacts.db $D' '$DESKCTL --db $D import links $DATA/links.csv --account-key external_id --contact-key email' \
	'cp $BASE.contacts.sqlite $S' "$LITE/links.sql"
# Not measured: make account 1 large (rule 3: --move), for ticket list.
"$DESKCTL" --db "$D" import links "$DATA/big-links.csv" --account-key external_id --contact-key email --move >/dev/null 2>"$RES/last.err" ||
	{ cat "$RES/last.err" >&2 && exit 1; }
cp "$D" "$BASE.links.db"
[ "$SQLITE" = 0 ] || { sqlite3 -bail "$S" <"$WORK/big-links.sql" && cp "$S" "$BASE.links.sqlite"; }

alternate import_tickets "$RUNS" \
	'cp $BASE.links.db $D' '$DESKCTL --db $D import tickets $DATA/tickets.csv' \
	'cp $BASE.links.sqlite $S' "$LITE/tickets.sql"
size "$D" >"$RES/size_all.deskctl"
[ "$SQLITE" = 0 ] || size "$S" >"$RES/size_all.sqlite3"

# Reads, on the full stores ($D and $S as the tickets import left them),
# timed without memory polling (it has no target for them, and the poller
# competes for the two cores deskctl's export uses; sqlite3 uses one), and as
# many runs as the queries: a second-long export varies by a third from
# run to run here. The two full scans (export, search) start with the
# store's file in the page cache, read in the untimed preparation: the
# machines this runs on hand cached pages back to their host within
# seconds, and a scan would otherwise time the disk, at random (one run
# of 1M accounts took 2.9 s with 36,000 major faults, the next 0.8 s with
# none).
MEASURE_FLAGS=-wall
warm() { cat "$1" >/dev/null; }
alternate export_accounts "$QRUNS" \
	'rm -f $WORK/out.csv; warm $D' '$DESKCTL --db $D export accounts --file $WORK/out.csv' \
	'rm -f $WORK/out.csv; warm $S' "$LITE/export.sql"
alternate search "$QRUNS" 'warm $D' '$DESKCTL --db $D account list --search $SEARCH --limit 50' 'warm $S' "$LITE/search.sql"
alternate show_domain "$QRUNS" ':' '$DESKCTL --db $D account show @$DOMAIN' ':' "$LITE/show_domain.sql"
alternate show_ext "$QRUNS" ':' '$DESKCTL --db $D account show ext:$EXT' ':' "$LITE/show_ext.sql"
alternate ticket_list_big "$QRUNS" ':' '$DESKCTL --db $D ticket list --account 1' ':' "$LITE/ticket_list.sql"
alternate list_after "$QRUNS" ':' '$DESKCTL --db $D account list --after $AFTER --limit 100' ':' "$LITE/list_after.sql"

# --- the report ---------------------------------------------------------------

# median FILE COLUMN prints the median of a column of a results file.
median() {
	[ -s "$1" ] || { echo ""; return; }
	awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); if (NR % 2) print v[m]; else print (v[m] + v[m + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
# verdict VALUE LIMIT: "met" when VALUE <= LIMIT.
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { if (v == "n/a" || v == "") print "n/a"; else if (v + 0 <= l + 0) print "met"; else print "**missed**" }'; }
secs() { awk -v ms="$1" 'BEGIN { if (ms == "") print "n/a"; else if (ms >= 1000) printf "%.2f s", ms / 1000; else printf "%.1f ms", ms }'; }
mib() { awk -v kb="$1" 'BEGIN { if (kb == "") print "n/a"; else printf "%.0f MiB", kb / 1024 }'; }

row_time() { # name label target_ratio [target_ms]
	local a b r
	a=$(median "$RES/$1.deskctl" 1) b=$(median "$RES/$1.sqlite3" 1) r=$(ratio "$a" "$b")
	if [ "$3" = - ] && [ -z "${4:-}" ]; then
		echo "| $2 | $(secs "$a") | $(secs "$b") | $r | — | |"
	elif [ -n "${4:-}" ]; then
		echo "| $2 | $(secs "$a") | $(secs "$b") | $r | < $4 ms | $(verdict "$a" "$4") |"
	else
		echo "| $2 | $(secs "$a") | $(secs "$b") | $r | ≤ $3× | $(verdict "$r" "$3") |"
	fi
}
row_floor() { # floor_name import_name label: the floor against sqlite3's import
	local a b
	a=$(median "$RES/$1.deskctl" 1) b=$(median "$RES/$2.sqlite3" 1)
	echo "| $3 | $(secs "$a") | $(secs "$b") | $(ratio "$a" "$b") | — | |"
}
row_mem() { # name label
	local a b
	a=$(median "$RES/$1.deskctl" 2) b=$(median "$RES/$1.sqlite3" 2)
	echo "| $2 | $(mib "$a") | $(mib "$b") | $(ratio "$a" "$b") | ≤ 256 MiB | $(verdict "$((a / 1024))" 256) |"
}
row_size() { # name label [no-target]: the floor's store is no target, it bounds one
	local a b r target="≤ 2×" met
	a=$(cat "$RES/$1.deskctl") b=$(cat "$RES/$1.sqlite3" 2>/dev/null || true) r=$(ratio "$a" "$b")
	met=$(verdict "$r" 2)
	[ -z "${3:-}" ] || target="—" met=""
	echo "| $2 | $(mib "$((a / 1024))") | $(mib "$([ -n "$b" ] && echo $((b / 1024)))") | $r | $target | $met |"
}

{
	echo "# deskctl vs sqlite3"
	echo
	echo "Generated by \`bench/run.sh\`; do not edit by hand."
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- Software: $(go version | cut -d' ' -f3), sqlite3 $( [ "$SQLITE" = 1 ] && sqlite3 --version | cut -d' ' -f1 || echo 'not available'), deskctl $VERSION"
	echo "- Command: \`$COMMAND\`"
	echo "- Data: $ACCOUNTS accounts, $CONTACTS contacts (every 10th at a free-mail domain), $TICKETS tickets, from \`bench/gen\`; account 1 holds $BIG extra contacts (moved in with \`import links --move\`, not timed)."
	echo "- Medians of $RUNS runs per import, $QRUNS per export and query, deskctl and sqlite3 alternating run by run. Times are whole-process wall times; memory is the peak RssAnon (private memory, not the mapped store file)."
	echo
	echo "| measure | deskctl | sqlite3 | ratio | target | |"
	echo "| --- | ---: | ---: | ---: | --- | --- |"
	row_time import_accounts "import $ACCOUNTS accounts, file order" 1.5
	row_time import_accounts_shuffled "import $ACCOUNTS accounts, shuffled" 2.5
	row_floor floor_accounts import_accounts "floor: the same key writes, store and journal alone, file order"
	row_floor floor_accounts_shuffled import_accounts_shuffled "floor: the same key writes, store and journal alone, shuffled"
	row_time import_contacts "import $CONTACTS contacts" "-"
	row_time import_links "import $CONTACTS links" "-"
	row_time import_tickets "import $TICKETS tickets" "-"
	row_time export_accounts "export $ACCOUNTS accounts to CSV" 1.0
	row_time search "\`account list --search $SEARCH --limit 50\`" 2
	row_time show_domain "\`account show @domain\`" - 15
	row_time show_ext "\`account show ext:ID\`" - 15
	row_time ticket_list_big "\`ticket list --account 1\` ($BIG contacts)" "-"
	row_time list_after "\`account list --after $AFTER --limit 100\`" - 15
	row_mem import_accounts "peak memory, import accounts"
	row_mem import_accounts_shuffled "peak memory, import accounts shuffled"
	row_mem import_contacts "peak memory, import contacts"
	row_mem import_links "peak memory, import links"
	row_mem import_tickets "peak memory, import tickets"
	row_size size_accounts "file size after the accounts import"
	row_size size_all "file size after all imports"
	[ "$SQLITE" = 0 ] || cp "$RES/size_accounts.sqlite3" "$RES/size_floor.sqlite3"
	row_size size_floor "file size of the floor's store (accounts, file order)" no-target
	echo
	echo "The baselines, in the same sqlite3 shell each run:"
	echo
	echo "- accounts: \`.import --csv --skip 1\` into a fresh table with UNIQUE name COLLATE NOCASE, UNIQUE domain (the primary one: the data has one per account), UNIQUE external_id."
	echo "- contacts: \`.import\` into a temporary table, then INSERT into contacts (UNIQUE email COLLATE NOCASE, UNIQUE external_id, indexed account_id) with the account looked up by the email's domain, as deskctl's rule 7 does."
	echo "- links: \`.import\` into a temporary table, then one UPDATE ... FROM setting each contact's account_id, the account found by external_id and the contact by email (both indexed)."
	echo "- tickets: \`.import\` into a temporary table, then INSERT into tickets (indexed contact_id) with the contact looked up by email."
	echo "- export and search start with the store's file in the page cache, both sides (read in the untimed preparation of each run)."
	echo "- export: \`sqlite3 -csv -header\` of every account row; search: \`LIKE '%TEXT%'\` over name and domain with LIMIT 50 (a full scan, as deskctl's); show: the account by its UNIQUE index, its contacts and their tickets; ticket list: tickets joined with contacts on the account, first 100 by id; the page: \`rowid > N ORDER BY rowid LIMIT 100\`."
	echo "- floor: \`bench/floor\` makes, per row, the store operations deskctl's import makes — three unique-index lookups and writes, the record, the log entry and its index — in transactions of 5,000 rows through internal/store/bolt, in a journal unit that holds the index entries back (spilling them past its budget) and writes them sorted at the end, and journals the keys it appends as tail records, as an import does, with none of the domain's work. What lies between the floor and the import is the domain's and the import's own work per row."
	echo "- deskctl does more work per row than the baselines: it validates and normalises every field (IDNA domains, Unicode case folding), keeps the activity log (one entry per write) and journals every batch so that an import lands whole or not at all, even when killed."
} >"$OUT"
log "wrote $OUT"
cat "$OUT"

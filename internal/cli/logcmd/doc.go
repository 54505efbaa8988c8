// Package logcmd implements `deskctl log`, the activity log: every write
// of every command and import appends an entry with its time, actor
// (--actor, config actor, else the OS user), entity, id, action and the
// fields it changed, before and after. Filtered by --account it is the
// account's "activities" view: the entries of the account itself, of its
// contacts, their tickets and its notes, including those of the account
// after it was deleted (name it by id then).
//
// The package is named logcmd, not log, so it does not shadow the
// standard library's log package where both are imported.
//
// # Concepts
//
// Entries are listed oldest first, in id order, and paged like every list:
// --limit (default 100, 0 for all) and --after ID, the id of the last entry
// of the previous page. --since takes an RFC 3339 time, a date (midnight
// UTC) or a duration before now ("90m", "24h", "7d", "2w"); see ParseSince.
//
// A table shows a one-line summary of the changes (see Summary); json,
// jsonl and csv print the entries with their changes as
// [{field, before, after}], the values as JSON.
//
// # Caveats
//
// A date given to --since is midnight UTC, not local time, because every
// time deskctl stores is UTC. Summaries are cut to stay readable; the JSON
// output always carries the whole values.
package logcmd

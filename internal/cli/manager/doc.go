// Package manager implements `deskctl manager`: the account managers of
// SupportCenter Plus, one file per verb (create, list, show, edit, delete).
//
// A manager has a name (required), an email, an employee id and a login,
// each unique when set, and a phone and a mobile. An account has at most
// one manager; a manager may manage many accounts (account create/edit
// --manager). A manager is named on the command line by id, email,
// emp:EMPLOYEE_ID or login, as desk.Tx.ManagerID resolves it.
//
// Every write goes through the domain (desk.Tx.CreateManager, EditManager,
// DeleteManager), in one store transaction, so validation and uniqueness
// are the same as for imports.
//
// # Caveats
//
// Deleting a manager who still manages accounts is refused (exit 4) unless
// --unassign, which clears those accounts' manager in the same transaction;
// each cleared account gets a new version and an activity log entry.
//
// `manager list` pages by id only (--after, --limit): managers are few, and
// the domain offers no other order or filter for them.
//
// There are no passwords: deskctl has no portal and stores no secrets.
package manager

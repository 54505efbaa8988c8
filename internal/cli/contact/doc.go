// Package contact implements `deskctl contact`: create, list, show, edit,
// delete, associate, disassociate and tickets, one file per verb.
//
// A contact is a person: a name, an optional email (unique, case ignored),
// phone, mobile, title, an external id (unique), custom fields, and the
// account it belongs to — at most one at a time (rule 1 of the spec). It is
// named on the command line by its id, its email or ext:EXTERNAL_ID.
//
// Every command is a thin shell over one domain call inside one store
// transaction (desk.Tx.CreateContact, EditContact, Associate, Disassociate,
// DeleteContact, ListContacts, ListTickets): the Account → Contact → Ticket
// rule is enforced there, never here, so a command can only be refused by
// the same code that refuses an import row. `associate` and
// `disassociate` take several contacts and change all of them or none.
//
// # Caveats
//
// A new contact without --account joins the active account that owns its
// email's domain (rule 7) unless the domain is free mail or
// --no-auto-account is given; editing a contact's email never re-associates
// it. --move exists only on edit and associate: a new contact has no
// account to be moved from.
//
// `contact tickets C --account` shows every ticket of C's account (the Help
// Center view of Zoho Desk); for a contact without an account it shows the
// contact's own tickets and says so on stderr.
package contact

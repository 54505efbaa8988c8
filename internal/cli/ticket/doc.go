// Package ticket implements `deskctl ticket`: create, list, show and edit,
// one file per verb.
//
// A ticket is a request: a subject, a description, a status (open,
// pending, resolved, closed), a priority (low, normal, high, urgent) and
// the contact who raised it. A ticket never stores an account: its
// account is its contact's, computed when read and printed as the
// read-only account_id (rule 2 of the spec). It is named by its id.
//
// A new ticket's contact comes from exactly one of:
//
//   - --contact C: an existing contact (id, email or ext:ID);
//   - --email ADDR: intake (rule 8) finds the contact by email or creates
//     it, joining the account of its domain; --create-account first
//     creates an account for an unknown company domain;
//   - --from-email FILE|-: the same intake from an RFC 5322 message, parsed
//     by package intake: From is the contact, Subject the subject, the
//     text body the description.
//
// --account A alone is refused by the domain with the list of A's
// contacts to pick from (rule 10); with --contact it is a check that the
// contact belongs to A. Changing a ticket's contact (edit --contact) is the
// only way to change its account.
//
// # Caveats
//
// Explicit --subject, --description and --name override what a message
// read with --from-email says. A message without a subject becomes a
// ticket titled "(no subject)". A message read with --from-email must fit
// intake's limits (32 MiB message, 1 MiB text body); the description is
// further limited by the domain to 65536 characters (exit 5 past it).
package ticket

package desk

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/deskctl/deskctl/internal/store"
)

// TicketChange describes a create or an edit of a ticket.
type TicketChange struct {
	Set []FieldValue
	// Contact names the ticket's contact (an id, an email or ext:ID).
	Contact string
	// Account, on create, is only a check: the contact must belong to it.
	// Alone it is refused (rule 10): a ticket's account comes from its
	// contact.
	Account string
	// Intake finds or creates the contact by email (rule 8).
	Intake *Intake
	// ByManager creates the ticket on behalf of a contact of an account
	// this manager manages (rule 11).
	ByManager string
	IfVersion int64
}

// Intake is the sender of a request that arrived by email.
type Intake struct {
	Email string
	Name  string
	// CreateAccount creates an account for an unknown, non-free-mail domain.
	CreateAccount bool
	NoAutoAccount bool
}

// CreateTicket validates and stores a new ticket.
func (tx *Tx) CreateTicket(ch TicketChange) (*TicketView, error) { return tx.createTicket(0, ch) }

// createTicket creates a ticket under a fresh id (id 0) or under id.
func (tx *Tx) createTicket(id uint64, ch TicketChange) (*TicketView, error) {
	t := newTicket()
	if err := ch.applyFields(t); err != nil {
		return nil, err
	}
	contact, err := tx.ticketContact(t, ch)
	if err != nil {
		return nil, err
	}
	t.ContactID = Ref(contact.ID)
	if err := tx.checkTicketContact(contact, ch); err != nil {
		return nil, err
	}
	if t.Subject == "" {
		return nil, invalid("subject", "is required")
	}
	t.ID = id
	if err := tickets.insert(tx.st, t, tx.now); err != nil {
		return nil, err
	}
	v := &TicketView{Ticket: t, AccountID: contact.AccountID}
	return v, tx.record("ticket", t.ID, "created", contact.AccountID, nil, v)
}

func (ch *TicketChange) applyFields(t *Ticket) error {
	for _, fv := range ch.Set {
		if err := t.SetField(fv.Field, fv.Value); err != nil {
			return err
		}
	}
	return nil
}

// ticketContact finds the contact a new ticket belongs to.
func (tx *Tx) ticketContact(t *Ticket, ch TicketChange) (*Contact, error) {
	switch {
	case ch.Intake != nil:
		return tx.intakeContact(ch.Intake)
	case ch.Contact != "":
		return tx.Contact(ch.Contact)
	case t.ContactID != 0:
		return contacts.get(tx.st, uint64(t.ContactID))
	case ch.Account != "":
		return nil, tx.pickContactError(ch.Account)
	}
	return nil, invalid("contact_id", "is required: name the contact (--contact ID|EMAIL|ext:ID) or the sender (--email ADDR)")
}

// pickContactError explains rule 10 with the account's contacts to pick from.
func (tx *Tx) pickContactError(accountRef string) error {
	a, err := tx.Account(accountRef)
	if err != nil {
		return err
	}
	var lines []string
	n := 0
	err = tx.AccountContacts(a.ID, func(c *Contact) error {
		if n++; n <= 10 {
			lines = append(lines, fmt.Sprintf("  --contact %d   (%s)", c.ID, contactLabel(c)))
		}
		return nil
	})
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("a ticket belongs to a contact, not to an account: pick one of account %d's contacts", a.ID)
	if n == 0 {
		msg = fmt.Sprintf("a ticket belongs to a contact, not to an account, and account %d (%s) has no contacts: create one with `deskctl contact create --account %d`", a.ID, a.Name, a.ID)
	} else {
		if n > 10 {
			lines = append(lines, fmt.Sprintf("  ... and %d more (deskctl contact list --account %d)", n-10, a.ID))
		}
		msg += ":\n" + strings.Join(lines, "\n")
	}
	return &kindError{kind: ErrInvalid, msg: msg}
}

// intakeContact finds the sender's contact by email or creates it; with
// CreateAccount an unknown company domain gets its own account first, so
// that one domain never yields two accounts (rule 8).
func (tx *Tx) intakeContact(in *Intake) (*Contact, error) {
	addr, key, err := NormalizeEmail("email", in.Email)
	if err != nil {
		return nil, err
	}
	if addr == "" {
		return nil, invalid("email", "is required")
	}
	if id, err := contacts.lookup(tx.st, "email", []byte(key)); err != nil {
		return nil, err
	} else if id != 0 {
		return contacts.get(tx.st, id)
	}
	domain := EmailDomain(addr)
	if in.CreateAccount && !in.NoAutoAccount && !tx.isFreeMail(domain) {
		owner, err := accounts.lookup(tx.st, "domain", []byte(domain))
		if err != nil {
			return nil, err
		}
		if owner == 0 {
			display, _, _ := NormalizeDomain(domain)
			if _, err := tx.CreateAccount(AccountChange{Set: []FieldValue{{"name", display}, {"domains", display}}}); err != nil {
				return nil, fmt.Errorf("creating an account for %s: %w", display, err)
			}
		}
	}
	set := []FieldValue{{"email", addr}}
	if strings.TrimSpace(in.Name) != "" {
		set = append(set, FieldValue{"name", in.Name})
	}
	return tx.CreateContact(ContactChange{Set: set, NoAutoAccount: in.NoAutoAccount})
}

// checkTicketContact enforces rules 6, 10 and 11 for a ticket of contact c.
func (tx *Tx) checkTicketContact(c *Contact, ch TicketChange) error {
	if ch.Account != "" && ch.Intake == nil {
		id, err := tx.AccountID(ch.Account)
		if err != nil {
			return err
		}
		if uint64(c.AccountID) != id {
			return conflict("contact %d (%s) does not belong to account %d", c.ID, contactLabel(c), id)
		}
	}
	if c.AccountID != 0 {
		active, err := tx.accountActive(uint64(c.AccountID))
		if err != nil {
			return err
		}
		if !active {
			return tx.inactiveAccount(uint64(c.AccountID), "tickets")
		}
	}
	if ch.ByManager == "" {
		return nil
	}
	if !tx.d.opts.ManagersCanCreateTickets {
		return conflict("account managers may not create tickets: the setting managers.can_create_tickets is off")
	}
	m, err := tx.Manager(ch.ByManager)
	if err != nil {
		return err
	}
	if c.AccountID == 0 {
		return conflict("contact %d belongs to no account, so manager %d cannot act for it", c.ID, m.ID)
	}
	a, err := accounts.get(tx.st, uint64(c.AccountID))
	if err != nil {
		return err
	}
	if uint64(a.ManagerID) != m.ID {
		return conflict("manager %d (%s) does not manage account %d (%s)", m.ID, m.Name, a.ID, a.Name)
	}
	return nil
}

// EditTicket applies a change to a ticket. Changing its contact is the one
// way to change its account (rule 10).
func (tx *Tx) EditTicket(id uint64, ch TicketChange) (*TicketView, error) {
	old, err := tickets.get(tx.st, id)
	if err != nil {
		return nil, err
	}
	if err := checkVersion("ticket", id, &old.Stamp, ch.IfVersion); err != nil {
		return nil, err
	}
	t := *old
	if err := ch.applyFields(&t); err != nil {
		return nil, err
	}
	if ch.Contact != "" {
		cid, err := tx.ContactID(ch.Contact)
		if err != nil {
			return nil, err
		}
		t.ContactID = Ref(cid)
	}
	contact, err := contacts.get(tx.st, uint64(t.ContactID))
	if err != nil {
		return nil, err
	}
	if t.ContactID != old.ContactID {
		oldContact, err := contacts.get(tx.st, uint64(old.ContactID))
		if err != nil {
			return nil, err
		}
		if contact.AccountID != oldContact.AccountID {
			if err := tx.checkTicketContact(contact, TicketChange{}); err != nil {
				return nil, err
			}
		}
	}
	v := &TicketView{Ticket: &t, AccountID: contact.AccountID}
	if changes, err := diff(old, &t); err != nil || len(changes) == 0 {
		return v, err
	}
	if err := tickets.update(tx.st, old, &t, tx.now); err != nil {
		return nil, err
	}
	before, err := tx.viewTicket(old)
	if err != nil {
		return nil, err
	}
	return v, tx.record("ticket", t.ID, "updated", contact.AccountID, before, v)
}

// Ticket returns a ticket with its derived account.
func (tx *Tx) Ticket(id uint64) (*TicketView, error) {
	t, err := tickets.get(tx.st, id)
	if err != nil {
		return nil, err
	}
	return tx.viewTicket(t)
}

func (tx *Tx) viewTicket(t *Ticket) (*TicketView, error) {
	c, err := contacts.get(tx.st, uint64(t.ContactID))
	if err != nil {
		return nil, err
	}
	return &TicketView{Ticket: t, AccountID: c.AccountID}, nil
}

// TicketFilter selects tickets for list and export.
type TicketFilter struct {
	Account  string // tickets of this account's contacts
	Contact  string
	Status   string
	Priority string
	Search   string // case-insensitive substring of the subject
	After    uint64
	Limit    int
	Reverse  bool
}

// ListTickets calls fn for every selected ticket in id order.
func (tx *Tx) ListTickets(f TicketFilter, fn func(*TicketView) error) error {
	var err error
	if f.Status != "" {
		if f.Status, err = oneOf("status", f.Status, TicketStatuses...); err != nil {
			return err
		}
	}
	if f.Priority != "" {
		if f.Priority, err = oneOf("priority", f.Priority, TicketPriorities...); err != nil {
			return err
		}
	}
	search := foldName(f.Search)
	n := 0
	emit := func(t *Ticket) error {
		if (f.Status != "" && t.Status != f.Status) || (f.Priority != "" && t.Priority != f.Priority) ||
			(search != "" && !strings.Contains(foldName(t.Subject), search)) {
			return nil
		}
		v, err := tx.viewTicket(t)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
		if n++; f.Limit > 0 && n >= f.Limit {
			return store.ErrStop
		}
		return nil
	}
	if f.Account == "" && f.Contact == "" {
		err = tickets.scan(tx.st, f.After, f.Reverse, emit)
	} else {
		err = tx.scanTicketsOf(f, emit)
	}
	if errors.Is(err, store.ErrStop) {
		return nil
	}
	return err
}

// scanTicketsOf walks the tickets of one contact or of one account's
// contacts, through the indexes, in id order.
func (tx *Tx) scanTicketsOf(f TicketFilter, fn func(*Ticket) error) error {
	var contactIDs []uint64
	if f.Contact != "" {
		id, err := tx.ContactID(f.Contact)
		if err != nil {
			return err
		}
		contactIDs = []uint64{id}
	}
	if f.Account != "" {
		id, err := tx.AccountID(f.Account)
		if err != nil {
			return err
		}
		ids, err := tx.contactIDs(id)
		if err != nil {
			return err
		}
		if contactIDs != nil {
			if !slices.Contains(ids, contactIDs[0]) {
				return nil
			}
		} else {
			contactIDs = ids
		}
	}
	var ids []uint64
	for _, c := range contactIDs {
		more, err := tx.ticketIDs(c)
		if err != nil {
			return err
		}
		ids = append(ids, more...)
	}
	slices.Sort(ids)
	if f.Reverse {
		slices.Reverse(ids)
	}
	for _, id := range ids {
		if f.After != 0 && ((!f.Reverse && id <= f.After) || (f.Reverse && id >= f.After)) {
			continue
		}
		t, err := tickets.get(tx.st, id)
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}

package desk

import "strconv"

// MergeAccounts moves src's contacts, domains, notes and tags to dst and
// deletes src, in the caller's one transaction (rule 9). src's sub-accounts
// become dst's. The merged account keeps dst's other fields.
func (tx *Tx) MergeAccounts(srcRef, dstRef string) (*Account, error) {
	src, err := tx.Account(srcRef)
	if err != nil {
		return nil, err
	}
	dstOld, err := tx.Account(dstRef)
	if err != nil {
		return nil, err
	}
	if src.ID == dstOld.ID {
		return nil, invalid("account", "cannot merge account %d into itself", src.ID)
	}
	if dstOld.Status != StatusActive {
		return nil, conflict("account %d (%s) is inactive and takes no new contacts; activate it before merging into it", dstOld.ID, dstOld.Name)
	}
	// Contacts: moving them is the point of a merge, so no --move needed.
	ids, err := tx.contactIDs(src.ID)
	if err != nil {
		return nil, err
	}
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = strconv.FormatUint(id, 10)
	}
	if _, err := tx.Associate(refs, strconv.FormatUint(dstOld.ID, 10), true); err != nil {
		return nil, err
	}
	if err := tx.moveNotes(src.ID, dstOld.ID); err != nil {
		return nil, err
	}
	// Sub-accounts follow; dst itself, if it was under src, takes src's
	// parent so that no cycle can form.
	children, err := tx.childIDs(src.ID)
	if err != nil {
		return nil, err
	}
	for _, id := range children {
		if id == dstOld.ID {
			continue
		}
		old, err := accounts.get(tx.st, id)
		if err != nil {
			return nil, err
		}
		child := old.clone()
		child.ParentID = Ref(dstOld.ID)
		if err := tx.saveAccount(old, child); err != nil {
			return nil, err
		}
	}
	// Delete src first so that its domains are free for dst.
	if err := accounts.remove(tx.st, src); err != nil {
		return nil, err
	}
	if err := tx.record("account", src.ID, "deleted", Ref(src.ID), src, nil); err != nil {
		return nil, err
	}
	dstOld, err = accounts.get(tx.st, dstOld.ID) // re-read: versions moved
	if err != nil {
		return nil, err
	}
	dst := dstOld.clone()
	if dst.ParentID == Ref(src.ID) {
		dst.ParentID = src.ParentID
	}
	for _, d := range src.Domains {
		if err := dst.addDomain(d); err != nil {
			return nil, err
		}
	}
	for _, t := range src.Tags {
		if err := dst.AddTag(t); err != nil {
			return nil, err
		}
	}
	return dst, tx.saveAccount(dstOld, dst)
}

func (tx *Tx) moveNotes(from, to uint64) error {
	ids, err := collectIDs(func(fn func(uint64) error) error {
		return notes.ids(tx.st, "account", idBytes(from), fn)
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		old, err := notes.get(tx.st, id)
		if err != nil {
			return err
		}
		n := *old
		n.AccountID = Ref(to)
		if err := notes.update(tx.st, old, &n, tx.now); err != nil {
			return err
		}
	}
	return nil
}

// AddNote attaches a note to an account.
func (tx *Tx) AddNote(accountRef, body string) (*Note, error) {
	id, err := tx.AccountID(accountRef)
	if err != nil {
		return nil, err
	}
	n := &Note{AccountID: Ref(id), Author: tx.d.opts.Actor}
	if err := n.SetField("body", body); err != nil {
		return nil, err
	}
	if err := notes.insert(tx.st, n, tx.now); err != nil {
		return nil, err
	}
	return n, tx.record("note", n.ID, "created", n.AccountID, nil, n)
}

// SetField sets one note field from its text form.
func (n *Note) SetField(name, value string) error {
	switch name {
	case "body":
		n.Body = trimText(value)
		if n.Body == "" {
			return invalid("body", "is required")
		}
		return checkText("body", n.Body, maxLongLen, true)
	case "author":
		var err error
		n.Author, err = cleanLine("author", value)
		return err
	case "account_id":
		var err error
		n.AccountID, err = parseRef("account_id", value)
		return err
	}
	return invalid(name, "is not a note field (fields: account_id, body, author)")
}

// Notes calls fn for each note of an account, oldest first.
func (tx *Tx) Notes(accountRef string, fn func(*Note) error) error {
	id, err := tx.AccountID(accountRef)
	if err != nil {
		return err
	}
	return notes.ids(tx.st, "account", idBytes(id), func(nid uint64) error {
		n, err := notes.get(tx.st, nid)
		if err != nil {
			return err
		}
		return fn(n)
	})
}

// AccountDetails is the account's details page: the account, then its
// contacts and their tickets, counts first.
type AccountDetails struct {
	*Account
	ContactCount int           `json:"contact_count"`
	TicketCount  int           `json:"ticket_count"`
	Contacts     []*Contact    `json:"contacts"`
	Tickets      []*TicketView `json:"tickets"`
}

// AccountDetails gathers the details page of an account.
func (tx *Tx) AccountDetails(ref string) (*AccountDetails, error) {
	a, err := tx.Account(ref)
	if err != nil {
		return nil, err
	}
	d := &AccountDetails{Account: a, Contacts: []*Contact{}, Tickets: []*TicketView{}}
	if err := tx.AccountContacts(a.ID, func(c *Contact) error {
		d.Contacts = append(d.Contacts, c)
		return nil
	}); err != nil {
		return nil, err
	}
	err = tx.ListTickets(TicketFilter{Account: strconv.FormatUint(a.ID, 10)}, func(t *TicketView) error {
		d.Tickets = append(d.Tickets, t)
		return nil
	})
	d.ContactCount, d.TicketCount = len(d.Contacts), len(d.Tickets)
	return d, err
}

package desk

import (
	"errors"
	"strings"

	"github.com/deskctl/deskctl/internal/store"
)

// DefaultFreeMailDomains never auto-associate a contact with an account
// (rule 7); the config key freemail_domains replaces the list.
var DefaultFreeMailDomains = []string{
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
	"msn.com", "yahoo.com", "ymail.com", "aol.com", "icloud.com", "me.com",
	"mac.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de",
	"mail.com", "yandex.com", "yandex.ru", "zoho.com", "qq.com", "163.com",
}

// ContactChange describes a create or an edit of a contact.
type ContactChange struct {
	Set []FieldValue
	// Move allows taking a contact from another account (rule 3).
	Move bool
	// NoAutoAccount skips association by email domain (rule 7).
	NoAutoAccount bool
	IfVersion     int64
}

func (ch *ContactChange) apply(c *Contact) error {
	for _, fv := range ch.Set {
		if err := c.SetField(fv.Field, fv.Value); err != nil {
			return err
		}
	}
	if c.Name == "" {
		// A contact known only by address is named after it, as help desks
		// do for intake mail.
		if c.Email == "" {
			return invalid("name", "is required")
		}
		c.Name = c.Email[:strings.LastIndexByte(c.Email, '@')]
	}
	return nil
}

// CreateContact validates and stores a new contact. Without an account it
// joins the account that owns its email's domain, unless that domain is a
// free-mail one or NoAutoAccount is set (rule 7).
func (tx *Tx) CreateContact(ch ContactChange) (*Contact, error) { return tx.createContact(0, ch) }

// createContact creates a contact under a fresh id (id 0) or under id.
func (tx *Tx) createContact(id uint64, ch ContactChange) (*Contact, error) {
	c := newContact()
	if err := ch.apply(c); err != nil {
		return nil, err
	}
	c.ID = id
	if c.AccountID == 0 && !ch.NoAutoAccount {
		// accountForEmail answers only active accounts: no check after it.
		owner, err := tx.accountForEmail(c.Email)
		if err != nil {
			return nil, err
		}
		c.AccountID = Ref(owner)
	} else if err := tx.checkContactAccount(c, 0); err != nil {
		return nil, err
	}
	if err := contacts.insert(tx.st, c, tx.now); err != nil {
		return nil, err
	}
	return c, tx.record("contact", c.ID, "created", c.AccountID, nil, c)
}

// accountForEmail returns the active account owning the address's domain,
// or 0 for free mail, unknown domains and inactive accounts.
func (tx *Tx) accountForEmail(addr string) (uint64, error) {
	domain := EmailDomain(addr)
	if domain == "" || tx.isFreeMail(domain) {
		return 0, nil
	}
	id, err := accounts.lookup(tx.st, "domain", []byte(domain))
	if err != nil || id == 0 {
		return 0, err
	}
	if active, err := tx.accountActive(id); err != nil || !active {
		return 0, err
	}
	return id, nil
}

// accountActive reports whether account id is active. Every contact and
// ticket written checks its account, so the status is read from the
// stored bytes rather than by decoding the whole record.
func (tx *Tx) accountActive(id uint64) (bool, error) {
	raw, err := tx.st.Get(recordKey("account", id))
	if errors.Is(err, store.ErrNotFound) {
		return false, notFound("account %d not found", id)
	} else if err != nil {
		return false, err
	}
	if status, ok := rawAccountStatus(raw); ok {
		return status == StatusActive, nil
	}
	a, err := accounts.decode(id, raw)
	if err != nil {
		return false, err
	}
	return a.Status == StatusActive, nil
}

// inactiveAccount is the refusal of a contact or ticket for an inactive
// account; what names what it refuses.
func (tx *Tx) inactiveAccount(id uint64, what string) error {
	a, err := accounts.get(tx.st, id)
	if err != nil {
		return err
	}
	return conflict("account %d (%s) is inactive and takes no new %s", a.ID, a.Name, what)
}

func (tx *Tx) isFreeMail(domain string) bool {
	return tx.d.freeMail()[domain]
}

// freeMail returns the index keys of the free-mail domains, normalised
// once per Desk: importing a contact used to normalise the whole list (an
// IDNA conversion each) for every row.
func (d *Desk) freeMail() map[string]bool {
	d.freeMailOnce.Do(func() {
		list := d.opts.FreeMailDomains
		if list == nil {
			list = DefaultFreeMailDomains
		}
		d.freeMailKeys = make(map[string]bool, len(list))
		for _, dom := range list {
			if _, key, err := NormalizeDomain(dom); err == nil {
				d.freeMailKeys[key] = true
			}
		}
	})
	return d.freeMailKeys
}

// checkContactAccount enforces rules 1, 3 and 6 for a contact that is about
// to belong to c.AccountID, having belonged to from.
func (tx *Tx) checkContactAccount(c *Contact, from Ref) error {
	if c.AccountID == 0 || c.AccountID == from {
		return nil
	}
	active, err := tx.accountActive(uint64(c.AccountID))
	if err != nil || active {
		return err
	}
	return tx.inactiveAccount(uint64(c.AccountID), "contacts")
}

// EditContact applies a change to the contact named by ref. Moving it from
// one account to another needs Move (rule 3).
func (tx *Tx) EditContact(ref string, ch ContactChange) (*Contact, error) {
	old, err := tx.Contact(ref)
	if err != nil {
		return nil, err
	}
	if err := checkVersion("contact", old.ID, &old.Stamp, ch.IfVersion); err != nil {
		return nil, err
	}
	c := old.clone()
	if err := ch.apply(c); err != nil {
		return nil, err
	}
	return c, tx.saveContact(old, c, ch.Move)
}

func (tx *Tx) saveContact(old, c *Contact, move bool) error {
	if old.AccountID != 0 && c.AccountID != 0 && c.AccountID != old.AccountID && !move {
		return conflict("contact %d (%s) belongs to account %d; use --move to move it to account %d",
			c.ID, contactLabel(c), old.AccountID, c.AccountID)
	}
	if err := tx.checkContactAccount(c, old.AccountID); err != nil {
		return err
	}
	changes, err := diff(old, c)
	if err != nil || len(changes) == 0 {
		return err
	}
	if err := contacts.update(tx.st, old, c, tx.now); err != nil {
		return err
	}
	action := "updated"
	switch {
	case old.AccountID != c.AccountID && c.AccountID != 0:
		action = "associated"
	case old.AccountID != c.AccountID:
		action = "disassociated"
	}
	account := c.AccountID
	if account == 0 {
		account = old.AccountID
	}
	return tx.recordChanges("contact", c.ID, action, account, old, c, changes)
}

func contactLabel(c *Contact) string {
	if c.Email != "" {
		return c.Email
	}
	return c.Name
}

// Associate puts contacts into an account, all or none (rules 1, 3, 6).
func (tx *Tx) Associate(contactRefs []string, accountRef string, move bool) ([]*Contact, error) {
	accountID, err := tx.AccountID(accountRef)
	if err != nil {
		return nil, err
	}
	var out []*Contact
	for _, ref := range contactRefs {
		old, err := tx.Contact(ref)
		if err != nil {
			return nil, err
		}
		c := old.clone()
		c.AccountID = Ref(accountID)
		if err := tx.saveContact(old, c, move); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Disassociate takes contacts out of their accounts. Their tickets follow
// them (rule 2): they now belong to no account.
func (tx *Tx) Disassociate(contactRefs []string) ([]*Contact, error) {
	var out []*Contact
	for _, ref := range contactRefs {
		old, err := tx.Contact(ref)
		if err != nil {
			return nil, err
		}
		c := old.clone()
		c.AccountID = 0
		if err := tx.saveContact(old, c, false); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// DeleteContact deletes a contact that has no tickets (rule 5).
func (tx *Tx) DeleteContact(ref string, ifVersion int64) (*Contact, error) {
	c, err := tx.Contact(ref)
	if err != nil {
		return nil, err
	}
	if err := checkVersion("contact", c.ID, &c.Stamp, ifVersion); err != nil {
		return nil, err
	}
	ids, err := tx.ticketIDs(c.ID)
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		return nil, conflict("contact %d (%s) has tickets (%s) and cannot be deleted; move them with `ticket edit ID --contact OTHER` first",
			c.ID, contactLabel(c), idList(ids, 10))
	}
	if err := contacts.remove(tx.st, c); err != nil {
		return nil, err
	}
	return c, tx.record("contact", c.ID, "deleted", c.AccountID, c, nil)
}

// Contact resolves a contact reference: an id, an email, or
// "ext:EXTERNAL_ID".
func (tx *Tx) Contact(ref string) (*Contact, error) {
	id, err := tx.ContactID(ref)
	if err != nil {
		return nil, err
	}
	return contacts.get(tx.st, id)
}

// ContactID resolves a contact reference (see Contact) to an id.
func (tx *Tx) ContactID(ref string) (uint64, error) {
	ref = strings.TrimSpace(ref)
	var id uint64
	var err error
	switch {
	case ref == "":
		return 0, invalid("contact", "empty contact reference")
	case isDigits(ref):
		id = parseID(ref)
		if ok, err := contacts.exists(tx.st, id); err != nil || !ok {
			return 0, orNotFound(err, "contact %s not found", ref)
		}
		return id, nil
	case strings.HasPrefix(ref, "ext:"):
		id, err = contacts.lookup(tx.st, "ext", []byte(strings.TrimSpace(ref[4:])))
	case strings.Contains(ref, "@"):
		_, key, eerr := NormalizeEmail("contact", ref)
		if eerr != nil {
			return 0, eerr
		}
		id, err = contacts.lookup(tx.st, "email", []byte(key))
	default:
		return 0, invalid("contact", "%q is not a contact reference (an id, an email or ext:ID)", ref)
	}
	if err != nil || id == 0 {
		return 0, orNotFound(err, "contact %q not found", ref)
	}
	return id, nil
}

// AccountContacts calls fn for each contact of an account, in id order.
func (tx *Tx) AccountContacts(accountID uint64, fn func(*Contact) error) error {
	return contacts.ids(tx.st, "account", idBytes(accountID), func(id uint64) error {
		c, err := contacts.get(tx.st, id)
		if err != nil {
			return err
		}
		return fn(c)
	})
}

// contactIDs lists the ids of an account's contacts.
func (tx *Tx) contactIDs(accountID uint64) ([]uint64, error) {
	return collectIDs(func(fn func(uint64) error) error {
		return contacts.ids(tx.st, "account", idBytes(accountID), fn)
	})
}

// ticketIDs lists the ids of a contact's tickets.
func (tx *Tx) ticketIDs(contactID uint64) ([]uint64, error) {
	return collectIDs(func(fn func(uint64) error) error {
		return tickets.ids(tx.st, "contact", idBytes(contactID), fn)
	})
}

func collectIDs(scan func(func(uint64) error) error) ([]uint64, error) {
	var ids []uint64
	err := scan(func(id uint64) error {
		ids = append(ids, id)
		return nil
	})
	return ids, err
}

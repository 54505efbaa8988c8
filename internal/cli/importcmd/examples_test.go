package importcmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
)

// examplesDir is the repository's examples/ directory.
var examplesDir = filepath.Join("..", "..", "..", "examples")

// TestExamples runs each script of examples/ against a temporary store,
// with the deskctl under test first in PATH, and checks what it did.
func TestExamples(t *testing.T) {
	bin := buildDeskctl(t)
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	script := func(name string) string {
		p, err := filepath.Abs(filepath.Join(examplesDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	newWorld := func(t *testing.T) (dir string, env []string) {
		dir = t.TempDir()
		return dir, deskctlEnv(bin, filepath.Join(dir, "deskctl.db"), dir)
	}
	write := func(t *testing.T, path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("bulk-onboard", func(t *testing.T) {
		dir, env := newWorld(t)
		crm := filepath.Join(dir, "crm")
		os.Mkdir(crm, 0o755)
		write(t, filepath.Join(crm, "accounts.csv"), "External ID,Company,Domain\nC-1,Acme,acme.com\nC-2,Globex,globex.com\n")
		write(t, filepath.Join(crm, "contacts.csv"), "Full Name,Email\nAnn,ann@acme.com\nBob,bob@gmail.com\nEve,eve-at-globex\n")
		write(t, filepath.Join(crm, "links.csv"), "Account,Contact\nC-2,bob@gmail.com\n")
		_, stderr, code := runCmd(t, exec.Command("sh", script("bulk-onboard.sh"), crm), env, dir, "")
		if code != 5 || !strings.Contains(stderr, "bulk-onboard: contacts not imported (exit 5); see "+crm+"/contacts.errors.csv") {
			t.Fatalf("first run: exit %d\n%s", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(crm, "accounts.errors.csv")); !os.IsNotExist(err) {
			t.Error("accounts.errors.csv kept although the accounts landed")
		}
		errs, _ := os.ReadFile(filepath.Join(crm, "contacts.errors.csv"))
		if want := "Full Name,Email,error\nEve,eve-at-globex,\"\"\"eve-at-globex\"\" is not a valid email address\"\n"; string(errs) != want {
			t.Errorf("contacts.errors.csv:\n%s\nwant:\n%s", errs, want)
		}
		// Fix the file and run again: the accounts update (no twins), the
		// contacts and links land.
		write(t, filepath.Join(crm, "contacts.csv"), "Full Name,Email\nAnn,ann@acme.com\nBob,bob@gmail.com\nEve,eve@globex.com\n")
		if _, stderr, code := runCmd(t, exec.Command("sh", script("bulk-onboard.sh"), crm), env, dir, ""); code != 0 || !strings.Contains(stderr, "bulk-onboard: done") {
			t.Fatalf("second run: exit %d\n%s", code, stderr)
		}
		out, _, _ := deskctlRun(t, env, dir, "", "export", "links")
		// Ann and Eve joined their accounts by email domain; Bob (free
		// mail) by the links file.
		if out != "account,contact\n1,1\n2,2\n2,3\n" {
			t.Errorf("links:\n%s", out)
		}
		out, _, _ = deskctlRun(t, env, dir, "", "export", "accounts", "--format", "jsonl")
		if strings.Count(out, "\n") != 2 {
			t.Errorf("accounts after two runs:\n%s", out)
		}
	})

	t.Run("nightly-export", func(t *testing.T) {
		dir, env := newWorld(t)
		deskctlRun(t, env, dir, "name,domains\nAcme,acme.com\n", "import", "accounts", "-")
		backups := filepath.Join(dir, "backups")
		old := filepath.Join(backups, "2001-01-01")
		os.MkdirAll(old, 0o755)
		os.Chtimes(old, cmdtest.Now.AddDate(-20, 0, 0), cmdtest.Now.AddDate(-20, 0, 0))
		_, stderr, code := runCmd(t, exec.Command("sh", script("nightly-export.sh"), backups), env, dir, "")
		if code != 0 || stderr != "" {
			t.Fatalf("exit %d, stderr %q (cron mails any output)", code, stderr)
		}
		days, _ := os.ReadDir(backups)
		if len(days) != 1 || days[0].Name() == "2001-01-01" {
			t.Fatalf("backup dirs: %v", days)
		}
		files, _ := os.ReadDir(filepath.Join(backups, days[0].Name()))
		var names []string
		for _, f := range files {
			names = append(names, f.Name())
		}
		if strings.Join(names, ",") != "accounts.csv,all.jsonl,contacts.csv,links.csv,managers.csv,tickets.csv" {
			t.Errorf("files: %v", names)
		}
		data, _ := os.ReadFile(filepath.Join(backups, days[0].Name(), "accounts.csv"))
		if !strings.Contains(string(data), "\n1,Acme,acme.com,") {
			t.Errorf("accounts.csv:\n%s", data)
		}
	})

	t.Run("jq-pipeline", func(t *testing.T) {
		if _, err := exec.LookPath("jq"); err != nil {
			t.Fatal("jq is not installed: `make test` installs it (make test-deps)")
		}
		dir, env := newWorld(t)
		deskctlRun(t, env, dir, "name,crm_id,tags\nAcme,,vip\nGlobex,CRM-9,\nInitech,,\n", "import", "accounts", "-")
		out, stderr, code := runCmd(t, exec.Command("sh", script("jq-pipeline.sh")), env, dir, "")
		if code != 0 || out != "Acme\nInitech\n" {
			t.Fatalf("exit %d, stdout %q, stderr %s", code, out, stderr)
		}
		if !strings.Contains(stderr, "0 created, 2 updated") {
			t.Errorf("stderr: %s", stderr)
		}
		out, _, _ = deskctlRun(t, env, dir, "", "export", "accounts", "--tag", "needs-crm", "--format", "jsonl")
		if !strings.Contains(out, `"tags":["needs-crm","vip"]`) || strings.Contains(out, "Globex") {
			t.Errorf("tagged accounts:\n%s", out)
		}
	})
}

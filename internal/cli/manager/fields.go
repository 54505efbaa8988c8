package manager

import "github.com/deskctl/deskctl/internal/cli/cmdutil"

// textFlags are the flags that set manager fields (create and edit), in
// the order of desk.ManagerFields.
var textFlags = []cmdutil.TextFlag{
	{Flag: "name", Field: "name", Help: "manager's `name`"},
	{Flag: "email", Field: "email", Help: "email `address` (unique)"},
	{Flag: "employee-id", Field: "employee_id", Help: "employee `id` (unique)"},
	{Flag: "login", Field: "login", Help: "`login` name (unique; no spaces or '@')"},
	{Flag: "phone", Field: "phone", Help: "phone `number`"},
	{Flag: "mobile", Field: "mobile", Help: "mobile phone `number`"},
}

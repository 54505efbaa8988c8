package output_test

import (
	"fmt"
	"os"

	"github.com/deskctl/deskctl/internal/output"
)

type Account struct {
	ID      uint64            `json:"id"`
	Name    string            `json:"name"`
	Domains []string          `json:"domains"`
	Status  string            `json:"status"`
	Fields  map[string]string `json:"fields"`
}

var accounts = []Account{
	{ID: 1, Name: "Acme & Co", Domains: []string{"acme.com", "acme.io"}, Status: "active",
		Fields: map[string]string{"tier": "gold", "region": "eu"}},
	{ID: 42, Name: "Globex\x1b[2J", Status: "inactive"},
}

func printAll(opts output.Options) {
	l, err := output.NewList(os.Stdout, opts, []string{"id", "name", "domains", "status"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range accounts {
		if err := l.Write(a); err != nil {
			fmt.Println(err)
			break
		}
	}
	if err := l.Close(); err != nil {
		fmt.Println(err)
	}
}

func ExampleNewList_table() {
	printAll(output.Options{Format: output.FormatTable})
	// Output:
	// ID   NAME            DOMAINS            STATUS
	// 1    Acme & Co       acme.com;acme.io   active
	// 42   Globex\x1b[2J                      inactive
}

func ExampleNewList_json() {
	printAll(output.Options{Format: output.FormatJSON, Fields: []string{"id", "name", "fields.tier"}})
	// Output:
	// [
	//   {
	//     "id": 1,
	//     "name": "Acme & Co",
	//     "fields": {
	//       "tier": "gold"
	//     }
	//   },
	//   {
	//     "id": 42,
	//     "name": "Globex\u001b[2J",
	//     "fields": {
	//       "tier": null
	//     }
	//   }
	// ]
}

func ExampleNewList_jsonl() {
	printAll(output.Options{Format: output.FormatJSONL})
	// Output:
	// {"id":1,"name":"Acme & Co","domains":["acme.com","acme.io"],"status":"active","fields":{"region":"eu","tier":"gold"}}
	// {"id":42,"name":"Globex\u001b[2J","domains":null,"status":"inactive","fields":null}
}

func ExampleNewList_csv() {
	printAll(output.Options{Format: output.FormatCSV, Fields: []string{"id", "domains", "fields", "field.tier"}})
	// Output:
	// id,domains,fields,field.tier
	// 1,acme.com;acme.io,region=eu;tier=gold,gold
	// 42,,,
}

func ExampleNewList_jq() {
	printAll(output.Options{Format: output.FormatJSON, JQ: `.[] | select(.status == "active") | .name, .domains`})
	// Output:
	// Acme & Co
	// ["acme.com","acme.io"]
}

func ExampleNewList_unknownField() {
	printAll(output.Options{Format: output.FormatJSONL, Fields: []string{"id", "nmae"}})
	// Output:
	// unknown field "nmae"
	// available fields: id, name, domains, status, fields, fields.<name>
}

func ExampleOne() {
	_ = output.One(os.Stdout, output.Options{}, nil, accounts[0])
	// Output:
	// id        1
	// name      Acme & Co
	// domains   acme.com;acme.io
	// status    active
	// fields    region=eu;tier=gold
}

func ExampleWriteError() {
	_ = output.WriteError(os.Stdout, "not_found", `no account "acme"`)
	// Output:
	// {"error":{"code":"not_found","message":"no account \"acme\""}}
}

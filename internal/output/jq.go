package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/itchyny/gojq"
)

// jqProgram is a compiled --jq expression.
type jqProgram struct {
	expr string
	code *gojq.Code
}

// compileJQ parses and compiles expr. As in gh, env and $ENV see the
// process environment.
func compileJQ(expr string) (*jqProgram, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %v", ErrInvalidJQ, expr, err)
	}
	code, err := gojq.Compile(q, gojq.WithEnvironLoader(os.Environ))
	if err != nil {
		return nil, fmt.Errorf("%w %q: %v", ErrInvalidJQ, expr, err)
	}
	return &jqProgram{expr: expr, code: code}, nil
}

// decodeJQ turns JSON text into the values gojq works on. Numbers stay
// json.Number so that large ids keep every digit.
func decodeJQ(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// run applies the program to v and prints each result on its own line, as
// `gh --jq` does: strings raw, anything else as compact JSON.
func (p *jqProgram) run(w io.Writer, v any) error {
	iter := p.code.Run(v)
	for {
		r, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := r.(error); isErr {
			var halt *gojq.HaltError
			if errors.As(err, &halt) && halt.Value() == nil {
				return nil // `halt` stops quietly, as in jq
			}
			return fmt.Errorf("%w: %q: %v", ErrJQ, p.expr, err)
		}
		if s, isStr := r.(string); isStr {
			if _, err := io.WriteString(w, s+"\n"); err != nil {
				return err
			}
			continue
		}
		b, err := gojq.Marshal(r)
		if err != nil {
			return fmt.Errorf("%w: %q: %v", ErrJQ, p.expr, err)
		}
		if _, err := w.Write(append(b, '\n')); err != nil {
			return err
		}
	}
}

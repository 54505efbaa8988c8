// Package iostreams is the one place deskctl's commands read input and write
// output: records to Out, messages, prompts and progress to ErrOut.
//
// An IOStreams value knows whether each stream is a terminal, so commands can
// decide about prompts, colour and progress without touching os.Stdin or
// os.Stdout themselves. System builds it from the process's streams; Test
// builds one over buffers for tests, where every stream reports "not a
// terminal" until a test says otherwise with the Set*TTY methods.
//
// # Caveats
//
// Colour is decided once, when System runs: it is on only when stderr is a
// terminal, NO_COLOR is unset or empty and TERM is not "dumb". Output that
// goes to stdout is never coloured by this decision alone; a writer that
// wants colour on stdout must also check IsStdoutTTY.
//
// Quiet only silences Infof. Errors are always printed, by cli.Main, and data
// on Out is never suppressed: --quiet is for chatter, not for results.
package iostreams

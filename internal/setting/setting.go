// Package setting reports a setting that cannot work by the name its users type, so that a command line can name its flag.
//
// A library type's Check returns an *Error whose Name is the setting's
// name as aenets' flags and config files spell it ("lr", "epochs",
// "test-levels"): the command line prefixes the flag's dashes, a Go caller
// reads the same sentence without them.
package setting

import "fmt"

// Error is a setting whose value cannot work.
type Error struct {
	Name  string // as the flag and the config key spell it: "lr", "min-delta"
	Value any    // the value given
	Want  string // what would work: "> 0", "in (0,1)"
	Err   error  // if not nil, what is wrong, in place of Value and Want
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Name + ": " + e.Err.Error()
	}
	return fmt.Sprintf("%s %v: want %s", e.Name, e.Value, e.Want)
}

func (e *Error) Unwrap() error { return e.Err }

// Wrap returns an *Error saying err of the setting name.
func Wrap(name string, err error) error { return &Error{Name: name, Err: err} }

// New returns an *Error.
func New(name string, value any, want string) error {
	return &Error{Name: name, Value: value, Want: want}
}

package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// Load reads a dataset from source, which is either the name of an embedded
// dataset (see BuiltinNames), a folder of PNG images (see LoadPNGDir) or a
// text file (see ParseText). Builtin names take precedence: to read a file
// called "font" in the current folder, pass "./font". The dataset is checked
// with Check before it is returned.
func Load(source string) (*Dataset, error) {
	d, ok := Builtin(source)
	if !ok {
		fi, err := os.Stat(source)
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist):
			return nil, notFoundError(source)
		case err != nil:
			return nil, err
		case fi.IsDir():
			d, err = LoadPNGDir(source)
		default:
			d, err = LoadText(source)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := d.Check(); err != nil {
		return nil, err
	}
	return d, nil
}

// notFoundError reports a source that is no builtin name and does not exist.
// It matches fs.ErrNotExist with errors.Is.
type notFoundError string

func (e notFoundError) Error() string {
	return fmt.Sprintf("no such file or folder %q, and no builtin dataset of that name (builtins: %s)",
		string(e), strings.Join(BuiltinNames(), ", "))
}

func (e notFoundError) Unwrap() error { return fs.ErrNotExist }

package data

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
)

// Load reads a dataset from source, which is either the name of an embedded
// dataset (see BuiltinNames), a folder of PNG images (see LoadPNGDir) or a
// file: an IDX images file, plain or gzipped (see LoadIDX), a .npy or .npz
// NumPy file (see LoadNPY) or a text file (see ParseText), told apart by
// their first bytes, not by their names. Builtin names take precedence: to read a file
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
			d, err = loadFile(source)
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

// loadFile reads the file at path with the loader its first bytes call for:
// LoadIDX for gzip or IDX magic bytes, LoadNPY for .npy or zip (.npz) magic
// bytes, LoadText otherwise.
func loadFile(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var b [6]byte
	n, _ := io.ReadFull(f, b[:])
	f.Close()
	switch m := string(b[:n]); {
	case strings.HasPrefix(m, string(gzipMagic[:])), strings.HasPrefix(m, "\x00\x00"):
		return LoadIDX(path)
	case m == string(npy.Magic[:]), strings.HasPrefix(m, "PK\x03\x04"), strings.HasPrefix(m, "PK\x05\x06"):
		return LoadNPY(path)
	}
	return LoadText(path)
}

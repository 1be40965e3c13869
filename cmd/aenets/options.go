package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
)

// An option is one setting of a command: a flag, an AENETS_* environment
// variable and a key of a JSON --config file, all bound to one field of the
// command's config struct. The field's value when the option is declared is
// its default. Precedence: command line, then environment, then config file.
type option struct {
	name      string
	usage     string   // one line
	ptr       any      // *string, *int, *uint64, *float64, *bool, *intList, *floatList or *levelList
	transient bool     // not written to a run's config.json (where to write, how verbose)
	category  string   // the --help heading of its group
	nets      []string // gradcheck and compare: the --net kinds it applies to (nil: all)
}

// options is the option table of one command.
type options []option

func envName(flag string) string {
	return "AENETS_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// flags returns the command's cli flags, defaults taken from the fields, plus --config.
func (opts options) flags() []cli.Flag {
	var fs []cli.Flag
	for _, o := range opts {
		env := []string{envName(o.name)}
		switch p := o.ptr.(type) {
		case *string:
			fs = append(fs, &cli.StringFlag{Name: o.name, Usage: o.usage, Category: o.category, Value: *p, EnvVars: env})
		case *int:
			fs = append(fs, &cli.IntFlag{Name: o.name, Usage: o.usage, Category: o.category, Value: *p, EnvVars: env})
		case *uint64:
			fs = append(fs, &cli.Uint64Flag{Name: o.name, Usage: o.usage, Category: o.category, Value: *p, EnvVars: env})
		case *float64:
			fs = append(fs, &cli.Float64Flag{Name: o.name, Usage: o.usage, Category: o.category, Value: *p, EnvVars: env})
		case *bool:
			fs = append(fs, &cli.BoolFlag{Name: o.name, Usage: o.usage, Category: o.category, Value: *p, EnvVars: env})
		case *intList:
			fs = append(fs, &cli.StringFlag{Name: o.name, Usage: o.usage, Category: o.category, Value: p.String(), EnvVars: env})
		case *floatList:
			fs = append(fs, &cli.StringFlag{Name: o.name, Usage: o.usage, Category: o.category, Value: p.String(), EnvVars: env})
		case *levelList:
			fs = append(fs, &cli.StringFlag{Name: o.name, Usage: o.usage, Category: o.category, Value: p.String(), EnvVars: env})
		default:
			panic(fmt.Sprintf("option %s: unsupported field type %T", o.name, o.ptr))
		}
	}
	return append(fs, &cli.StringFlag{Name: "config", EnvVars: []string{envName("config")}, Category: "config",
		Usage: "read settings from this JSON file: keys are the flag names (a run's config.json works); flags and AENETS_* variables win"})
}

// load fills the fields: from the command line or environment where set,
// else from the --config file, else the defaults stay. It returns the set
// of options given explicitly (on any level).
func (opts options) load(c *cli.Context, command string) (map[string]bool, error) {
	given := map[string]bool{}
	file := map[string]json.RawMessage{}
	if path := c.String("config"); path != "" {
		b, err := readFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		if file, err = opts.parseConfig(path, b, command); err != nil {
			return nil, err
		}
	}
	for _, o := range opts {
		if c.IsSet(o.name) {
			given[o.name] = true
			if err := o.fromCLI(c); err != nil {
				return nil, err
			}
		} else if raw, ok := file[o.name]; ok {
			given[o.name] = true
			if err := o.fromJSON(raw); err != nil {
				return nil, fmt.Errorf("config %s: key %q: %w", c.String("config"), o.name, err)
			}
		}
	}
	return given, nil
}

// parseConfig reads a config file's bytes: exactly one JSON object whose
// keys are option names (and "command", which must be command), their
// values not yet read.
func (opts options) parseConfig(path string, b []byte, command string) (map[string]json.RawMessage, error) {
	var file map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&file); err != nil || file == nil {
		if err == nil {
			err = errors.New("null")
		}
		return nil, fmt.Errorf("config %s: not a JSON object of settings: %w", path, err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("config %s: more after the JSON object of settings; a config file is exactly one object", path)
	}
	if raw, ok := file["command"]; ok {
		var cmd string
		if json.Unmarshal(raw, &cmd) != nil || cmd != command {
			return nil, fmt.Errorf("config %s: written for command %s, not %s", path, raw, command)
		}
		delete(file, "command")
	}
	for k := range file {
		if !slices.ContainsFunc(opts, func(o option) bool { return o.name == k }) {
			return nil, fmt.Errorf("config %s: unknown key %q (keys are the flag names of %s: %s)", path, k, command, opts.names())
		}
	}
	return file, nil
}

func (o option) fromCLI(c *cli.Context) error {
	switch p := o.ptr.(type) {
	case *string:
		*p = c.String(o.name)
	case *int:
		*p = c.Int(o.name)
	case *uint64:
		*p = c.Uint64(o.name)
	case *float64:
		*p = c.Float64(o.name)
	case *bool:
		*p = c.Bool(o.name)
	case interface{ Set(string) error }:
		if err := p.Set(c.String(o.name)); err != nil {
			return fmt.Errorf("--%s: %w", o.name, err)
		}
	}
	return nil
}

func (o option) fromJSON(raw json.RawMessage) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(o.ptr); err != nil {
		return fmt.Errorf("want %s: %v", kindOf(o.ptr), err)
	}
	return nil
}

func kindOf(p any) string {
	switch p.(type) {
	case *string:
		return "a string"
	case *int, *uint64:
		return "a whole number"
	case *float64:
		return "a number"
	case *bool:
		return "true or false"
	case *intList:
		return `a list of whole numbers ([35, 17, 2] or "35,17,2")`
	case *floatList:
		return `a list of numbers ([0, 0.05] or "0,0.05")`
	case *levelList:
		return `levels and ranges lo:hi ("0.05,0.1,0:0.15")`
	}
	return "?"
}

func (opts options) names() string {
	n := make([]string, len(opts))
	for i, o := range opts {
		n[i] = o.name
	}
	return strings.Join(n, ", ")
}

// record returns the settings as written to a run's config.json: every
// option but the transient ones, under the command's name.
func (opts options) record(command string) map[string]any {
	m := map[string]any{"command": command}
	for _, o := range opts {
		if o.transient {
			continue
		}
		switch p := o.ptr.(type) {
		case *string:
			m[o.name] = *p
		case *int:
			m[o.name] = *p
		case *uint64:
			m[o.name] = *p
		case *float64:
			m[o.name] = *p
		case *bool:
			m[o.name] = *p
		case *intList:
			m[o.name] = []int(*p)
		case *floatList:
			m[o.name] = []float64(*p)
		case *levelList:
			m[o.name] = p.String()
		}
	}
	return m
}

// intList is a list of whole numbers, given as "35,17,2" on the command
// line and as [35,17,2] (or "35,17,2") in a config file.
type intList []int

func (l intList) String() string {
	s := make([]string, len(l))
	for i, v := range l {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

func (l *intList) Set(s string) error {
	v, err := parseInts(s)
	if err != nil {
		return err
	}
	*l = v
	return nil
}

func (l *intList) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		return l.Set(s)
	}
	var v []int
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = v
	return nil
}

// floatList is a list of numbers, "0,0.05,0.1" on the command line and
// [0, 0.05, 0.1] (or the string) in a config file.
type floatList []float64

func (l floatList) String() string {
	s := make([]string, len(l))
	for i, v := range l {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.Join(s, ",")
}

func (l *floatList) Set(s string) error {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%q is not a number", f)
		}
		out = append(out, v)
	}
	*l = out
	return nil
}

func (l *floatList) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		return l.Set(s)
	}
	var v []float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = v
	return nil
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

// parseInts reads a comma-separated list of whole numbers such as "35,17,2,17,35".
func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", f)
		}
		out = append(out, v)
	}
	return out, nil
}

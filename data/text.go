package data

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Glyph geometry of the hex format: 7 rows of 5 pixels.
const (
	glyphRows = 7
	glyphCols = 5
)

// A ParseError reports a defect on one line of a text file.
type ParseError struct {
	Name string // the file name given to ParseText, or the path given to LoadText
	Line int    // 1-based line number
	Msg  string // what is wrong and what was expected
}

// Error returns "name:line: msg".
func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg) }

// LoadText reads a dataset from the text file at path (see the package
// documentation for the format). The dataset is named after path.
func LoadText(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseText(f, path)
}

// ParseText reads a dataset in the text format described in the package
// documentation from r. The name is used in error messages and as the
// dataset's Name.
func ParseText(r io.Reader, name string) (*Dataset, error) {
	p := &textParser{d: &Dataset{Name: name}}
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if msg, at := p.parseLine(n, line); msg != "" {
			return nil, &ParseError{Name: name, Line: at, Msg: msg}
		}
		if err == io.EOF {
			break
		}
	}
	if p.d.N == 0 {
		return nil, fmt.Errorf("%s: no samples", name)
	}
	if err := p.d.Check(); err != nil {
		return nil, err
	}
	return p.d, nil
}

// Value formats of a text file.
const (
	unknownFormat = iota
	numberFormat
	glyphFormat
)

// textParser holds the state of ParseText between lines.
type textParser struct {
	d         *Dataset
	format    int // format of the first sample line
	first     int // line number of the first sample
	shapeLine int // line number of the "# shape:" comment, 0 if none
	rows      int // shape from the comment
	cols      int
}

// parseLine parses line number n. On a defect it returns a message and the
// number of the line to report it on.
func (p *textParser) parseLine(n int, line string) (msg string, at int) {
	s := strings.TrimSpace(line)
	switch {
	case s == "":
		return "", 0
	case s[0] == '#':
		return p.comment(n, s), n
	}
	if countFields(s, MaxSampleValues+3) > MaxSampleValues+2 {
		return fmt.Sprintf("more than data.MaxSampleValues = %d values after ID and label", MaxSampleValues), n
	}
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		return fmt.Sprintf("expected an ID, a label and values, got only %q", f[0]), n
	case 2:
		if p.format == unknownFormat {
			return fmt.Sprintf("expected values after ID %q and label %q, got none", f[0], f[1]), n
		}
	}
	if p.format == unknownFormat {
		if msg, at := p.start(n, f[2:]); msg != "" {
			return msg, at
		}
	}
	vals := f[2:]
	if msg := tooManyValues(int64(p.d.N)+1, p.d.D); msg != "" {
		return msg, n
	}
	var err string
	if p.format == glyphFormat {
		p.d.X, err = p.appendGlyph(p.d.X, vals)
	} else {
		p.d.X, err = p.appendNumbers(p.d.X, vals)
	}
	if err != "" {
		return err, n
	}
	p.d.IDs = append(p.d.IDs, f[0])
	p.d.Labels = append(p.d.Labels, f[1])
	p.d.N++
	return "", 0
}

// comment handles a comment line s, recording a "# shape: RxC" comment.
func (p *textParser) comment(n int, s string) string {
	s = strings.TrimSpace(s[1:])
	if len(s) < 6 || !strings.EqualFold(s[:6], "shape:") {
		return ""
	}
	switch {
	case p.shapeLine != 0:
		return fmt.Sprintf("second shape comment (the first is on line %d)", p.shapeLine)
	case p.first != 0:
		return fmt.Sprintf("the shape comment must come before the first sample (line %d)", p.first)
	}
	r, c, ok := parseShape(s[6:])
	switch {
	case !ok:
		return fmt.Sprintf(`malformed shape comment %q, expected "# shape: ROWSxCOLS" such as "# shape: 20x20"`, "# "+s)
	case r > MaxSampleValues || c > MaxSampleValues || c > MaxSampleValues/r: // no overflow
		return fmt.Sprintf("shape %sx%s holds more values than the limit of data.MaxSampleValues = %d a sample",
			fmtSize(r), fmtSize(c), MaxSampleValues)
	}
	p.shapeLine, p.rows, p.cols = n, r, c
	return ""
}

// parseShape parses "RxC" (surrounding space allowed) into positive sizes.
// A size too large for an int is returned as math.MaxInt.
func parseShape(s string) (rows, cols int, ok bool) {
	rs, cs, found := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "x")
	if !found {
		return 0, 0, false
	}
	r, ok1 := parseSize(strings.TrimSpace(rs))
	c, ok2 := parseSize(strings.TrimSpace(cs))
	return r, c, ok1 && ok2
}

// parseSize parses a positive decimal size, math.MaxInt if it overflows.
func parseSize(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"):
		return math.MaxInt, true
	case err != nil || n <= 0:
		return 0, false
	}
	return n, true
}

// fmtSize formats a size from parseSize.
func fmtSize(n int) string {
	if n == math.MaxInt {
		return "(too large)"
	}
	return strconv.Itoa(n)
}

// countFields counts the space-separated fields of s, stopping at limit.
func countFields(s string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(s) && n < limit; i++ {
		space := s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\v' || s[i] == '\f'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// start fixes the format and the shape from the values of the first sample,
// on line n.
func (p *textParser) start(n int, vals []string) (msg string, at int) {
	p.first = n
	d := p.d
	if isGlyph(vals) {
		p.format = glyphFormat
		d.D, d.Rows, d.Cols = glyphRows*glyphCols, glyphRows, glyphCols
		if p.shapeLine != 0 && (p.rows != glyphRows || p.cols != glyphCols) {
			return fmt.Sprintf("shape %dx%d does not fit the 5x7 glyphs in hex (7 rows of 5 pixels) that start on line %d",
				p.rows, p.cols, n), p.shapeLine
		}
		return "", 0
	}
	p.format = numberFormat
	d.D = len(vals)
	if p.shapeLine == 0 {
		d.Rows, d.Cols = defaultShape(d.D)
		return "", 0
	}
	if p.rows*p.cols != d.D {
		return fmt.Sprintf("shape %dx%d holds %d values, but the sample on line %d has %d",
			p.rows, p.cols, p.rows*p.cols, n, d.D), p.shapeLine
	}
	d.Rows, d.Cols = p.rows, p.cols
	return "", 0
}

// appendNumbers appends the values of a sample line of a number file.
func (p *textParser) appendNumbers(x []float64, vals []string) ([]float64, string) {
	if len(vals) != p.d.D {
		msg := fmt.Sprintf("expected %d values after ID and label (as on line %d), got %d", p.d.D, p.first, len(vals))
		if isGlyph(vals) {
			msg += "; this line looks like a 5x7 glyph in hex, but a file cannot mix glyphs and numbers"
		}
		return x, msg
	}
	for _, s := range vals {
		v, msg := parseValue(s)
		switch {
		case msg == "" && looksGlyph(vals):
			// Most likely a typo in a glyph line: report the first token
			// that is not a hex byte.
			for _, t := range vals {
				if _, ok := hexByte(t); !ok {
					s = t
					break
				}
			}
			return x, fmt.Sprintf("%q is not a hex byte (two hex digits, 00 to 1f)", s)
		case msg == "":
			return x, fmt.Sprintf("value %q is not a number", s)
		case msg != "ok":
			return x, msg
		}
		x = append(x, v)
	}
	return x, ""
}

// parseValue parses a value of a number file: a plain decimal in [0,1],
// that is digits with an optional fraction and an optional exponent, such
// as 0, 1, 0.25, .5 or 2.5e-1. It returns the value and "ok", or a message
// saying what is wrong, or "" if s is no number at all.
func parseValue(s string) (float64, string) {
	body, neg := strings.CutPrefix(s, "-")
	plain, nonzero := plainDecimal(body)
	if !plain {
		v, err := strconv.ParseFloat(s, 64)
		switch {
		case err == nil && math.IsNaN(v):
			return 0, fmt.Sprintf("value %q is not a number in [0,1]", s)
		case err == nil && math.IsInf(v, 0):
			return 0, fmt.Sprintf("value %q is outside [0,1]", s)
		case err == nil || errors.Is(err, strconv.ErrRange):
			return 0, fmt.Sprintf("value %q is not a plain decimal (digits with an optional fraction and exponent, such as 0.25 or 2.5e-1)", s)
		}
		return 0, ""
	}
	v, err := strconv.ParseFloat(body, 64)
	switch {
	case neg && nonzero:
		return 0, fmt.Sprintf("value %q is outside [0,1]", s)
	case neg:
		return 0, fmt.Sprintf("value %q is a negative zero, expected 0", s)
	case errors.Is(err, strconv.ErrRange) || v > 1:
		return 0, fmt.Sprintf("value %q is outside [0,1]", s)
	case err != nil: // cannot happen for a plain decimal
		return 0, fmt.Sprintf("value %q is not a number", s)
	case v == 0 && nonzero:
		return 0, fmt.Sprintf("value %q is not 0 but too small for a float64 (it would read as 0; the smallest is about 4.9e-324)", s)
	}
	return v, "ok"
}

// plainDecimal reports whether s is digits with an optional fraction and an
// optional exponent (at least one digit before or after the point), and
// whether a digit before the exponent is not 0.
func plainDecimal(s string) (ok, nonzero bool) {
	i, digits := 0, 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits++
		nonzero = nonzero || s[i] != '0'
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			digits++
			nonzero = nonzero || s[i] != '0'
		}
	}
	if digits == 0 {
		return false, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
		if i == j {
			return false, false
		}
	}
	return i == len(s), nonzero
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// appendGlyph appends the 35 pixels of a glyph line of a glyph file.
func (p *textParser) appendGlyph(x []float64, vals []string) ([]float64, string) {
	if len(vals) != glyphRows {
		return x, fmt.Sprintf("expected 7 hex bytes after ID and label (a 5x7 glyph, as on line %d), got %d values",
			p.first, len(vals))
	}
	for _, s := range vals {
		b, ok := hexByte(s)
		switch {
		case !ok:
			return x, fmt.Sprintf("%q is not a hex byte (two hex digits, 00 to 1f)", s)
		case b > 0x1f:
			return x, fmt.Sprintf("hex byte 0x%02x has bits above the 5 pixels of a glyph row (at most 0x1f)", b)
		}
		for j := glyphCols - 1; j >= 0; j-- {
			x = append(x, float64(b>>j&1))
		}
	}
	return x, ""
}

// isGlyph reports whether vals are the 7 hex bytes of a glyph line.
func isGlyph(vals []string) bool {
	if len(vals) != glyphRows {
		return false
	}
	for _, s := range vals {
		if _, ok := hexByte(s); !ok {
			return false
		}
	}
	return true
}

// looksGlyph reports whether vals are 7 tokens of two characters without
// a decimal point, the shape of a glyph line.
func looksGlyph(vals []string) bool {
	if len(vals) != glyphRows {
		return false
	}
	for _, s := range vals {
		if len(s) != 2 || strings.Contains(s, ".") {
			return false
		}
	}
	return true
}

// hexByte parses exactly two hex digits.
func hexByte(s string) (byte, bool) {
	if len(s) != 2 {
		return 0, false
	}
	hi, ok1 := hexDigit(s[0])
	lo, ok2 := hexDigit(s[1])
	return hi<<4 | lo, ok1 && ok2
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

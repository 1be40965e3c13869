package data

import (
	"bytes"
	_ "embed"
	"sync"
)

//go:embed font3.txt
var fontText []byte

//go:embed emoji/emojis_20x20.txt
var emojiText []byte

// Parsed once; the exported functions hand out copies.
var (
	fontOnce  = sync.OnceValues(func() (*Dataset, error) { return parseBuiltin(fontText, "font") })
	emojiOnce = sync.OnceValues(func() (*Dataset, error) { return parseBuiltin(emojiText, "emoji") })
)

// parseBuiltin parses embedded text with the same parser as user files.
func parseBuiltin(text []byte, name string) (*Dataset, error) {
	return ParseText(bytes.NewReader(text), name)
}

// builtin returns a copy of the dataset parsed by once. The embedded files
// are tested to parse, so an error here is a bug in the package.
func builtin(once func() (*Dataset, error)) *Dataset {
	d, err := once()
	if err != nil {
		panic("data: embedded dataset does not parse: " + err.Error())
	}
	return d.Clone()
}

// Font returns the 32 glyphs 0x60-0x7f ("`", "a" to "z", "{", "|", "}", "~"
// and "DEL") of a 5x7 bitmap font as binary 7x5 images (D = 35), named
// "font". IDs are the character codes in hex ("60" to "7f"), labels the
// characters, with "DEL" for 0x7f. Each call returns a fresh copy.
func Font() *Dataset { return builtin(fontOnce) }

// Emoji returns 56 smiley emoji as 20x20 grayscale images (D = 400) in
// [0,1], named "emoji". IDs are the Unicode code points ("1F600"), labels
// the short names ("grinning"). The images are derived from Noto Emoji,
// Copyright 2013-2017 Google Inc., Apache License 2.0; see
// emoji/NOTICE-emoji.txt. Each call returns a fresh copy.
func Emoji() *Dataset { return builtin(emojiOnce) }

// BuiltinNames returns the names of the embedded datasets: "font" and
// "emoji".
func BuiltinNames() []string { return []string{"font", "emoji"} }

// Builtin returns a fresh copy of the embedded dataset called name, and
// whether there is one.
func Builtin(name string) (*Dataset, bool) {
	switch name {
	case "font":
		return Font(), true
	case "emoji":
		return Emoji(), true
	}
	return nil, false
}

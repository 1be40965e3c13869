package data_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

func TestFont(t *testing.T) {
	d := data.Font()
	if err := d.Check(); err != nil {
		t.Fatal(err)
	}
	if d.Name != "font" || d.N != 32 || d.D != 35 || d.Rows != 7 || d.Cols != 5 {
		t.Fatalf("font: name %q, N %d, D %d, shape %dx%d; want font, 32, 35, 7x5", d.Name, d.N, d.D, d.Rows, d.Cols)
	}
	if !d.Binary() {
		t.Error("font pixels are not all 0 or 1")
	}
	wantIDs := strings.Fields(`60 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f
		70 71 72 73 74 75 76 77 78 79 7a 7b 7c 7d 7e 7f`)
	if !slices.Equal(d.IDs, wantIDs) {
		t.Errorf("IDs = %q, want %q", d.IDs, wantIDs)
	}
	wantLabels := strings.Split("`abcdefghijklmnopqrstuvwxyz{|}~", "")
	wantLabels = append(wantLabels, "DEL")
	if !slices.Equal(d.Labels, wantLabels) {
		t.Errorf("labels = %q, want %q", d.Labels, wantLabels)
	}

	for _, tc := range []struct {
		label string
		want  string
	}{
		{"a", lines( // 00 0e 01 0d 13 13 0d
			".....",
			".###.",
			"....#",
			".##.#",
			"#..##",
			"#..##",
			".##.#")},
		{"o", lines( // 00 00 0e 11 11 11 0e
			".....",
			".....",
			".###.",
			"#...#",
			"#...#",
			"#...#",
			".###.")},
		{"|", lines( // 04 04 04 00 04 04 04
			"..#..",
			"..#..",
			"..#..",
			".....",
			"..#..",
			"..#..",
			"..#..")},
		{"`", lines( // 04 04 02 00 00 00 00
			"..#..",
			"..#..",
			"...#.",
			".....",
			".....",
			".....",
			".....")},
		{"DEL", strings.Repeat("#####\n", 7)},
	} {
		i, ok := d.Index(tc.label)
		if !ok {
			t.Errorf("no glyph %q", tc.label)
			continue
		}
		if got := picture(d, i); got != tc.want {
			t.Errorf("glyph %q:\n%s\nwant\n%s", tc.label, got, tc.want)
		}
	}
	// The picture test thresholds at 0.5; 'a' must hold exact 0s and 1s too.
	a, _ := d.Index("a")
	for j, v := range d.Row(a)[:5] {
		if v != 0 {
			t.Errorf("a: first row pixel %d = %v, want 0", j, v)
		}
	}
	if v := d.Row(a)[6]; v != 1 {
		t.Errorf("a: pixel (1,1) = %v, want 1", v)
	}
}

func TestBuiltinsAreFreshCopies(t *testing.T) {
	for _, name := range data.BuiltinNames() {
		d, ok := data.Builtin(name)
		if !ok {
			t.Fatalf("Builtin(%q) not found", name)
		}
		want := d.X[0]
		d.X[0] = 0.5 + want/4 // differs from want
		d.Labels[0] = "changed"
		d.IDs[0] = "changed"
		e, _ := data.Builtin(name)
		if e.X[0] != want || e.Labels[0] == "changed" || e.IDs[0] == "changed" {
			t.Errorf("%s: changing one copy changed the next", name)
		}
	}
	if _, ok := data.Builtin("nope"); ok {
		t.Error(`Builtin("nope") found a dataset`)
	}
	if got := data.BuiltinNames(); !slices.Equal(got, []string{"font", "emoji"}) {
		t.Errorf("BuiltinNames() = %q", got)
	}
}

func TestEmoji(t *testing.T) {
	d := data.Emoji()
	if err := d.Check(); err != nil { // includes all values in [0,1]
		t.Fatal(err)
	}
	if d.Name != "emoji" || d.N != 56 || d.D != 400 || d.Rows != 20 || d.Cols != 20 {
		t.Fatalf("emoji: name %q, N %d, D %d, shape %dx%d; want emoji, 56, 400, 20x20", d.Name, d.N, d.D, d.Rows, d.Cols)
	}
	if d.IDs[0] != "1F600" || d.Labels[0] != "grinning" {
		t.Errorf("first emoji %s %s, want 1F600 grinning", d.IDs[0], d.Labels[0])
	}
	if d.IDs[55] != "1F620" || d.Labels[55] != "angry" {
		t.Errorf("last emoji %s %s, want 1F620 angry", d.IDs[55], d.Labels[55])
	}
	if i, ok := d.Index("relaxed"); !ok || d.IDs[i] != "263A-FE0F" {
		t.Errorf("relaxed: found %v, ID %q", ok, d.IDs[i])
	}
	if d.Binary() {
		t.Error("emoji are binary, want grayscale")
	}
	// A face on black: dark corners, bright middle.
	if c, m := d.Row(0)[0], d.Row(0)[10*20+10]; c != 0 || m < 0.5 {
		t.Errorf("grinning: corner %v, middle %v; want 0 and ≥ 0.5", c, m)
	}
}

func TestEmojiLicenseFiles(t *testing.T) {
	for file, want := range map[string]string{
		"emoji/NOTICE-emoji.txt":                  "Noto Emoji",
		"emoji/LICENSE-noto-emoji-Apache-2.0.txt": "Apache License",
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not mention %q", file, want)
		}
	}
}

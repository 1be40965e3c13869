package plot

import (
	"image"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrapWords(t *testing.T) {
	width := func(s string) float64 { return float64(len([]rune(s))) }
	got := wrapWords("aa bb cc dd\nee", 5, width)
	want := []string{"aa bb", "cc dd", "ee"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrapWords = %q, want %q", got, want)
	}
	if got := wrapWords("abcdefgh ij", 5, width); got[0] != "abcdefgh" || got[1] != "ij" {
		t.Errorf("a long word stays whole on its line: %q", got)
	}
	greedy := wrapWords("aa bb cc dd ee", 11, width)
	if got := balance("aa bb cc dd ee", greedy, 11, width); strings.Join(got, "|") != "aa bb cc|dd ee" {
		t.Errorf("balance(%q) = %q, want no lone last word", greedy, got)
	}
	if got := ellipsize("abcdefgh", 5, width); got != "abcd…" {
		t.Errorf("ellipsize = %q", got)
	}
}

func TestFitLinesShrinksOnlyWhenWrappingIsNotEnough(t *testing.T) {
	// Width proportional to the size: 0.5·size per rune.
	width := func(s string, size float64) float64 { return 0.5 * size * float64(len([]rune(s))) }
	size, lines := fitLines("one two three four", 60, 10, 7, 2, width)
	if size != 10 || len(lines) != 2 {
		t.Errorf("wrapping in two lines is enough: size %g, lines %q", size, lines)
	}
	size, lines = fitLines("antidisestablishment", 80, 10, 6, 2, width)
	if size > 8 || len(lines) != 1 || width(lines[0], size) > 80 {
		t.Errorf("a word too wide: size %g, lines %q", size, lines)
	}
	size, lines = fitLines(strings.Repeat("word ", 40), 60, 10, 7, 2, width)
	if size != 7 || len(lines) < 3 {
		t.Errorf("too long for two lines even small: size %g, %d lines", size, len(lines))
	}
	for _, l := range lines {
		if width(l, size) > 60 {
			t.Errorf("line %q is %g wide, more than 60", l, width(l, size))
		}
	}
}

// longTitle is longer than any figure is wide.
var longTitle = "VAE 784-400-300-200-100-20-100-200-300-400-784 on a data set with a long name: loss per sample = " +
	"reconstruction (bce summed over pixels) + β·KL, β = 1, 10000 epochs (patience), and more words to be sure"

// TestNoTextLeavesItsFigure draws every figure with titles and labels far
// longer than their canvas, notes where each text lands, and checks that
// every one lies inside its figure: titles are wrapped, or set smaller,
// and axis names too, instead of being cut off.
func TestNoTextLeavesItsFigure(t *testing.T) {
	type seen struct {
		texts  []textBox
		bounds image.Rectangle
	}
	got := map[string]seen{}
	textCheckMu.Lock()
	textCheck = func(path string, texts []textBox, bounds image.Rectangle) {
		got[filepath.Base(path)] = seen{append([]textBox(nil), texts...), bounds}
	}
	textCheckMu.Unlock()
	defer func() {
		textCheckMu.Lock()
		textCheck = nil
		textCheckMu.Unlock()
	}()
	dir := t.TempDir()
	g, e := testGlyphs(32), testFaces(56)
	codes := func(n, dim int) []float64 {
		return ramp(n*dim, func(i int) float64 { return 0.5 + 0.5*math.Sin(float64(i)*1.7) })
	}
	loss := ramp(3000, func(i int) float64 { return math.Exp(-float64(i)/900) + 0.01*math.Abs(math.Sin(float64(i))) })
	lr := ramp(3000, func(i int) float64 { return 0.009 * math.Pow(1.1, float64(i/400)) })
	long := strings.Repeat("a long axis name ", 12)
	many := testGlyphs(400)
	for i := range many.Labels {
		many.Labels[i] = string(rune('0' + i%10))
	}
	figs := map[string]func(string) error{
		"loss": func(p string) error {
			return LossFigure(p, []Curve{{Name: "noisy " + long, Y: loss, Noisy: true}, {Name: long, Y: loss}}, lr, longTitle)
		},
		"panels": func(p string) error {
			return LossPanels(p, []LossPanel{{Name: long, Curves: []Curve{{Name: "total", Y: loss}}},
				{Name: "KL", Curves: []Curve{{Name: "KL", Y: loss}}}}, nil, longTitle)
		},
		"heatmap": func(p string) error {
			return Heatmap(p, [][]float64{{0.656, 1.11, 5.56}, {0, 1, 2.5}}, nil, nil, long, long, longTitle)
		},
		"series": func(p string) error {
			return SeriesMarked(p, []float64{0, 0.1, 0.2}, []Curve{{Name: "denoised", Y: []float64{1, 2, 3}}}, long, long, false,
				[]Mark{{Lo: 0.05, Hi: 0.15, Label: "trained at 0.05 to 0.15"}}, longTitle+"\n"+longTitle)
		},
		"latent-box":    func(p string) error { return LatentBox(p, codes(32, 2), 2, g.Labels, nil, 0, 1, longTitle) },
		"latent3":       func(p string) error { return Latent(p, codes(56, 3), 3, e.Labels, &e, longTitle) },
		"latent-many":   func(p string) error { return Latent(p, codes(400, 2), 2, many.Labels, nil, longTitle) },
		"latent1":       func(p string) error { return LatentBox(p, codes(32, 1), 1, g.Labels, nil, 0, 1, longTitle) },
		"latent3d":      func(p string) error { return Latent3D(p, codes(56, 3), e.Labels, &e, longTitle) },
		"latent3d-many": func(p string) error { return Latent3D(p, codes(400, 3), many.Labels, nil, longTitle) },
		"wrong":         func(p string) error { return WrongPixels(p, g.Labels, make([]int, 32), longTitle) },
		"wrong-many":    func(p string) error { return WrongPixels(p, nil, make([]int, 400), longTitle) },
		"errors":        func(p string) error { return ErrorBars(p, e.Labels, codes(56, 1), longTitle) },
		"outliers":      func(p string) error { return Outliers(p, nil, codes(40, 1), 0.9, nil, codes(20, 1), longTitle) },
		"outliers-many": func(p string) error { return Outliers(p, nil, codes(400, 1), 0.9, nil, nil, longTitle) },
		"recon":         func(p string) error { return Reconstructions(p, g, g, true, longTitle) },
		"recon-many":    func(p string) error { return Reconstructions(p, many, many, true, longTitle) },
		"denoise":       func(p string) error { return Denoising(p, g, g, g, longTitle) },
		"grid":          func(p string) error { return Grid(p, testGlyphs(4), 4, true, longTitle) },
		"rows":          func(p string) error { return Rows(p, []Images{testGlyphs(3)}, []string{long}, true, longTitle) },
		"latent-grid":   func(p string) error { return latentGridTest(p, longTitle) },
		"latent-grid-1d": func(p string) error {
			return LatentGrid(p, testGlyphs(5), GridAxes{X: []float64{0, 0.25, 0.5, 0.75, 1}}, false, "")
		},
	}
	for name, draw := range figs {
		p := filepath.Join(dir, name+".png")
		if err := draw(p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s, ok := got[name+".png"]
		if !ok || len(s.texts) == 0 {
			t.Errorf("%s: no text noted", name)
			continue
		}
		in := s.bounds.Inset(-1) // a pixel of rounding
		for _, tb := range s.texts {
			if !tb.box.In(in) {
				t.Errorf("%s: %q at %v leaves the figure %v", name, tb.text, tb.box, s.bounds)
			}
		}
		checkFigure(t, p)
	}
}

// latentGridTest draws a 4×3 LatentGrid with a title.
func latentGridTest(p, title string) error {
	return LatentGrid(p, testGlyphs(12), GridAxes{X: []float64{6.37e-06, 0.33, 0.67, 1}, Y: []float64{1, 0.5, 0.000363},
		XName: "z1", YName: "z2", Notes: []string{"z1 grows from left to right"}}, true, title)
}

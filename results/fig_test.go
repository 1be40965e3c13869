package results

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// glyphA is the letter a of the 5×7 font, one string per row.
var glyphA = []string{
	".....",
	".###.",
	"....#",
	".##.#",
	"#..##",
	"#..##",
	".##.#",
}

func glyphImages(rows ...[]string) Images {
	im := Images{N: len(rows), Rows: 7, Cols: 5}
	for _, g := range rows {
		for _, r := range g {
			for _, c := range r {
				v := 0.0
				if c == '#' {
					v = 1
				}
				im.Pix = append(im.Pix, v)
			}
		}
	}
	return im
}

// testGlyphs is n glyphs (variations of a) labelled "`", "a", "b", ...
func testGlyphs(n int) Images {
	im := Images{N: n, Rows: 7, Cols: 5, Pix: make([]float64, n*35)}
	a := glyphImages(glyphA)
	for i := range n {
		copy(im.Pix[i*35:], a.Pix)
		im.Pix[i*35+i%35] = 1 - im.Pix[i*35+i%35]
		im.Labels = append(im.Labels, string(rune(0x60+i%32)))
	}
	if n == 32 {
		im.Labels[31] = "DEL"
	}
	return im
}

func testFaces(n int) Images {
	im := Images{N: n, Rows: 20, Cols: 20, Pix: make([]float64, n*400)}
	for i := range n {
		for p := range 400 {
			x, y := float64(p%20)-9.5, float64(p/20)-9.5
			if math.Hypot(x, y) < 9 {
				im.Pix[i*400+p] = 0.8 - 0.01*float64(i%10)
			}
		}
		im.Labels = append(im.Labels, "face_"+string(rune('a'+i%26)))
	}
	return im
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// checkFigure decodes path and checks that it is a sizeable picture with
// more than one colour in it.
func checkFigure(t *testing.T, path string) image.Image {
	t.Helper()
	img := readPNG(t, path)
	b := img.Bounds()
	if b.Dx() < 100 || b.Dy() < 60 || b.Dx() > 3000 || b.Dy() > 3000 {
		t.Errorf("%s: size %v", filepath.Base(path), b.Size())
	}
	first := img.At(b.Min.X, b.Min.Y)
	r0, g0, b0, _ := first.RGBA()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			if r, g, bb, _ := img.At(x, y).RGBA(); r != r0 || g != g0 || bb != b0 {
				return img
			}
		}
	}
	t.Errorf("%s: a single colour", filepath.Base(path))
	return img
}

func ramp(n int, f func(i int) float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = f(i)
	}
	return v
}

func TestEveryFigureWritesAPNG(t *testing.T) {
	dir := t.TempDir()
	if look := os.Getenv("RESULTS_LOOK"); look != "" { // keep them for viewing
		dir = filepath.Join(look, "edge")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	g, e := testGlyphs(32), testFaces(56)
	gr := g
	gr.Pix = append([]float64(nil), g.Pix...)
	gr.Pix[3] = 0.7
	codes := func(n, dim int) []float64 {
		return ramp(n*dim, func(i int) float64 { return math.Sin(float64(i) * 1.7) })
	}
	loss := ramp(10000, func(i int) float64 { return math.Exp(-float64(i) / 2000) })
	lr := ramp(10000, func(i int) float64 { return 1e-3 * math.Pow(0.5, float64(i/2500)) })
	long := ramp(100000, func(i int) float64 { return 1 / float64(i+1) })
	long[7] = math.NaN()
	long[9] = 0
	cases := map[string]func(string) error{
		"recon-binary": func(p string) error { return Reconstructions(p, g, gr, true, "glyphs") },
		"recon-gray":   func(p string) error { return Reconstructions(p, e, e, false, "faces") },
		"recon-one":    func(p string) error { return Reconstructions(p, glyphImages(glyphA), glyphImages(glyphA), true, "") },
		"grid":         func(p string) error { return Grid(p, g, 8, true, "grid") },
		"grid-gray":    func(p string) error { return Grid(p, e, 8, false, "") },
		"grid-wide":    func(p string) error { return Grid(p, testFaces(100), 100, false, "one long row") },
		"rows": func(p string) error {
			return Rows(p, []Images{g, testGlyphs(5)}, []string{"linear a→o", "slerp a→o"}, true, "rows")
		},
		"loss": func(p string) error {
			return LossFigure(p, []Curve{{"train", loss}, {"test", loss[:5000]}}, lr, "loss")
		},
		"loss-1":         func(p string) error { return LossFigure(p, []Curve{{"train", []float64{0.3}}}, []float64{0.01}, "") },
		"loss-100k":      func(p string) error { return LossFigure(p, []Curve{{"train", long}}, nil, "long") },
		"latent1":        func(p string) error { return Latent(p, codes(32, 1), 1, g.Labels, nil, "1-D") },
		"latent1-dots":   func(p string) error { return Latent(p, codes(20, 1), 1, nil, nil, "") },
		"latent1-thumbs": func(p string) error { return Latent(p, codes(56, 1), 1, nil, &e, "") },
		"latent2-thumbs": func(p string) error { return Latent(p, codes(56, 2), 2, e.Labels, &e, "") },
		"wrong-many": func(p string) error {
			w := make([]int, 300)
			for i := range w {
				w[i] = i % 61
			}
			return WrongPixels(p, nil, w, "")
		},
		"outliers-many": func(p string) error {
			return Outliers(p, nil, ramp(500, func(i int) float64 { return float64(i % 17) }), 12, nil, nil, "")
		},
		"latent2":         func(p string) error { return Latent(p, codes(32, 2), 2, g.Labels, nil, "2-D") },
		"latent3":         func(p string) error { return Latent(p, codes(56, 3), 3, nil, &e, "3-D") },
		"latent6":         func(p string) error { return Latent(p, codes(32, 6), 6, g.Labels, nil, "6-D") },
		"latent-1pt":      func(p string) error { return Latent(p, []float64{0.5, 0.5}, 2, []string{"a"}, nil, "") },
		"latent3d":        func(p string) error { return Latent3D(p, codes(32, 3), g.Labels, nil, "3-D") },
		"latent3d-thumbs": func(p string) error { return Latent3D(p, codes(56, 3), nil, &e, "") },
		"latent3d-flat":   func(p string) error { return Latent3D(p, make([]float64, 6), []string{"a", "b"}, nil, "") },
		"wrong":           func(p string) error { return WrongPixels(p, g.Labels, make([]int, 32), "wrong") },
		"wrong-some": func(p string) error {
			return WrongPixels(p, nil, []int{0, 3, 1, 0, 35}, "")
		},
		"errors": func(p string) error {
			return ErrorBars(p, e.Labels, ramp(56, func(i int) float64 { return 0.01 * float64(i%7) }), "errors")
		},
		"errors-same": func(p string) error { return ErrorBars(p, []string{"x"}, []float64{0.2}, "") },
		"outliers": func(p string) error {
			s := ramp(40, func(i int) float64 { return 0.01 + 0.001*float64(i) })
			return Outliers(p, nil, s, 0.04, nil, s[:20], "outliers")
		},
		"outliers-log": func(p string) error {
			s := ramp(10, func(i int) float64 { return math.Pow(10, float64(i)/2) })
			return Outliers(p, nil, s, 10, make([]bool, 10), nil, "")
		},
		"outliers-neg": func(p string) error {
			return Outliers(p, []string{"a", "b"}, []float64{-1, 5}, 0, []bool{false, true}, []float64{0}, "")
		},
		"heatmap": func(p string) error {
			return Heatmap(p, [][]float64{{1, 2, 3}, {4, 5, 6}}, []string{"0", "0.1"}, []string{"0", "0.1", "0.2"}, "train", "test", "h")
		},
		"heatmap-1": func(p string) error { return Heatmap(p, [][]float64{{0.5}}, nil, nil, "", "", "") },
		"series": func(p string) error {
			return Series(p, []float64{0, 0.1, 0.2}, []Curve{{"a", []float64{1, 2, 3}}, {"b", []float64{3, math.NaN(), 1}}}, "noise", "wrong", false, "s")
		},
		"series-log": func(p string) error {
			return Series(p, []float64{1, 2, 3}, []Curve{{"", []float64{1, 0, 1e-6}}}, "step", "diff", true, "")
		},
		"series-1": func(p string) error { return Series(p, []float64{1}, []Curve{{"a", []float64{2}}}, "", "", false, "") },
	}
	for name, draw := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name+".png")
			if err := draw(p); err != nil {
				t.Fatal(err)
			}
			checkFigure(t, p)
		})
	}
}

func TestBadInputsGiveErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.png")
	g := testGlyphs(3)
	nan := g
	nan.Pix = append([]float64(nil), g.Pix...)
	nan.Pix[4] = math.NaN()
	short := g
	short.Pix = g.Pix[:10]
	badLabels := g
	badLabels.Labels = []string{"a"}
	cases := map[string]func() error{
		"recon empty path":  func() error { return Reconstructions("", g, g, true, "") },
		"recon no images":   func() error { return Reconstructions(p, Images{}, Images{}, true, "") },
		"recon mismatch":    func() error { return Reconstructions(p, g, testGlyphs(4), true, "") },
		"recon NaN":         func() error { return Reconstructions(p, g, nan, true, "") },
		"recon short pix":   func() error { return Reconstructions(p, short, short, true, "") },
		"recon labels":      func() error { return Reconstructions(p, badLabels, g, true, "") },
		"recon size":        func() error { return Reconstructions(p, g, testFaces(3), false, "") },
		"grid cols":         func() error { return Grid(p, g, 0, true, "") },
		"grid NaN":          func() error { return Grid(p, nan, 3, true, "") },
		"grid empty":        func() error { return Grid(p, Images{Rows: 7, Cols: 5}, 3, true, "") },
		"rows none":         func() error { return Rows(p, nil, nil, true, "") },
		"rows captions":     func() error { return Rows(p, []Images{g}, []string{"a", "b"}, true, "") },
		"rows sizes":        func() error { return Rows(p, []Images{g, testFaces(2)}, nil, true, "") },
		"loss none":         func() error { return LossFigure(p, nil, nil, "") },
		"loss empty curve":  func() error { return LossFigure(p, []Curve{{"a", nil}}, nil, "") },
		"loss all NaN":      func() error { return LossFigure(p, []Curve{{"a", []float64{math.NaN(), 0, -1}}}, nil, "") },
		"loss lr empty":     func() error { return LossFigure(p, []Curve{{"a", []float64{1}}}, []float64{}, "") },
		"loss lr zero":      func() error { return LossFigure(p, []Curve{{"a", []float64{1}}}, []float64{0}, "") },
		"latent dim":        func() error { return Latent(p, []float64{1, 2}, 0, nil, nil, "") },
		"latent ragged":     func() error { return Latent(p, []float64{1, 2, 3}, 2, nil, nil, "") },
		"latent empty":      func() error { return Latent(p, nil, 2, nil, nil, "") },
		"latent NaN":        func() error { return Latent(p, []float64{1, math.NaN()}, 2, nil, nil, "") },
		"latent labels":     func() error { return Latent(p, []float64{1, 2}, 2, []string{"a", "b"}, nil, "") },
		"latent thumbs":     func() error { return Latent(p, []float64{1, 2}, 2, nil, &g, "") },
		"latent3d ragged":   func() error { return Latent3D(p, []float64{1, 2}, nil, nil, "") },
		"latent3d Inf":      func() error { return Latent3D(p, []float64{1, 2, math.Inf(1)}, nil, nil, "") },
		"wrong empty":       func() error { return WrongPixels(p, nil, nil, "") },
		"wrong negative":    func() error { return WrongPixels(p, nil, []int{1, -1}, "") },
		"wrong labels":      func() error { return WrongPixels(p, []string{"a"}, []int{1, 2}, "") },
		"errors empty":      func() error { return ErrorBars(p, nil, nil, "") },
		"errors NaN":        func() error { return ErrorBars(p, nil, []float64{1, math.NaN()}, "") },
		"errors labels":     func() error { return ErrorBars(p, []string{"a", "b"}, []float64{1}, "") },
		"outliers empty":    func() error { return Outliers(p, nil, nil, 1, nil, nil, "") },
		"outliers flags":    func() error { return Outliers(p, nil, []float64{1, 2}, 1, []bool{true}, nil, "") },
		"outliers NaN":      func() error { return Outliers(p, nil, []float64{1, math.NaN()}, 1, nil, nil, "") },
		"outliers thresh":   func() error { return Outliers(p, nil, []float64{1, 2}, math.NaN(), nil, nil, "") },
		"outliers train":    func() error { return Outliers(p, nil, []float64{1, 2}, 1, nil, []float64{math.Inf(-1)}, "") },
		"heatmap empty":     func() error { return Heatmap(p, nil, nil, nil, "", "", "") },
		"heatmap ragged":    func() error { return Heatmap(p, [][]float64{{1, 2}, {3}}, nil, nil, "", "", "") },
		"heatmap NaN":       func() error { return Heatmap(p, [][]float64{{1, math.NaN()}}, nil, nil, "", "", "") },
		"heatmap rowLabels": func() error { return Heatmap(p, [][]float64{{1}}, []string{"a", "b"}, nil, "", "", "") },
		"heatmap colLabels": func() error { return Heatmap(p, [][]float64{{1}}, nil, []string{"a", "b"}, "", "", "") },
		"series no x":       func() error { return Series(p, nil, []Curve{{"a", nil}}, "", "", false, "") },
		"series none":       func() error { return Series(p, []float64{1}, nil, "", "", false, "") },
		"series length":     func() error { return Series(p, []float64{1, 2}, []Curve{{"a", []float64{1}}}, "", "", false, "") },
		"series NaN x":      func() error { return Series(p, []float64{math.NaN()}, []Curve{{"a", []float64{1}}}, "", "", false, "") },
		"series log ≤ 0":    func() error { return Series(p, []float64{1}, []Curve{{"a", []float64{0}}}, "", "", true, "") },
	}
	for name, f := range cases {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		} else if strings.TrimSpace(err.Error()) == "" {
			t.Errorf("%s: empty error message", name)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("failed calls left files: %v", left)
	}
}

// colorAt returns the RGBA colour of img at (x, y).
func colorAt(img image.Image, x, y int) color.RGBA {
	return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
}

// checkTile checks that every data pixel of a rows×cols image drawn in rect
// is a uniform block of the colour want(i), and that a frame surrounds it.
func checkTile(t *testing.T, img image.Image, rect image.Rectangle, rows, cols int, want func(i int) color.RGBA) {
	t.Helper()
	if rect.Dx()%cols != 0 || rect.Dy()%rows != 0 || rect.Dx()/cols != rect.Dy()/rows {
		t.Fatalf("tile %v is not %d×%d square blocks", rect, rows, cols)
	}
	s := rect.Dx() / cols
	for i := range rows * cols {
		x0, y0 := rect.Min.X+(i%cols)*s, rect.Min.Y+(i/cols)*s
		for y := y0; y < y0+s; y++ {
			for x := x0; x < x0+s; x++ {
				if got := colorAt(img, x, y); got != want(i) {
					t.Fatalf("pixel %d (row %d, col %d) at (%d,%d): got %v, want %v", i, i/cols, i%cols, x, y, got, want(i))
				}
			}
		}
	}
	for _, pt := range []image.Point{{rect.Min.X - 1, rect.Min.Y}, {rect.Max.X, rect.Max.Y - 1}, {rect.Min.X, rect.Min.Y - 1}, {rect.Max.X - 1, rect.Max.Y}} {
		if got := colorAt(img, pt.X, pt.Y); got != colFrame {
			t.Errorf("frame at %v: got %v", pt, got)
		}
	}
}

func TestGridDrawsCrispGlyphBlocks(t *testing.T) {
	a := glyphImages(glyphA)
	a.Labels = []string{"a"}
	img, places, err := gridImage(a, 1, true, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 1 || places[0].Dx() < 5*8 {
		t.Fatalf("places %v: glyph drawn too small", places)
	}
	want := func(i int) color.RGBA {
		if glyphA[i/5][i%5] == '#' {
			return colInk
		}
		return colPaper
	}
	checkTile(t, img, places[0], 7, 5, want)

	// The PNG on disk has the same pixels.
	p := filepath.Join(t.TempDir(), "a.png")
	if err := Grid(p, a, 1, true, ""); err != nil {
		t.Fatal(err)
	}
	checkTile(t, readPNG(t, p), places[0], 7, 5, want)

	// Grayscale: value v is the gray level v.
	half := Images{N: 1, Rows: 1, Cols: 2, Pix: []float64{0.5, 1}}
	img, places, err = gridImage(half, 1, false, "")
	if err != nil {
		t.Fatal(err)
	}
	checkTile(t, img, places[0], 1, 2, func(i int) color.RGBA { return [2]color.RGBA{{128, 128, 128, 255}, {255, 255, 255, 255}}[i] })
}

func TestReconstructionsHighlightWrongPixels(t *testing.T) {
	orig := glyphImages(glyphA, glyphA)
	recon := glyphImages(glyphA, glyphA)
	missing, spurious := 1*5+1, 0 // row 1 col 1 is ink in a; row 0 col 0 is paper
	recon.Pix[missing] = 0.3
	recon.Pix[spurious] = 0.6
	recon.Pix[35+7] = 0.51 // second glyph: ink just above 0.5 is still on, no error
	img, places, err := reconImage(orig, recon, true, "t")
	if err != nil {
		t.Fatal(err)
	}
	ref := func(i int) color.RGBA {
		if glyphA[i/5][i%5] == '#' {
			return colInk
		}
		return colPaper
	}
	checkTile(t, img, places[0][0], 7, 5, ref)
	checkTile(t, img, places[1][1], 7, 5, ref)
	checkTile(t, img, places[0][1], 7, 5, func(i int) color.RGBA {
		switch i {
		case missing:
			return colMissing
		case spurious:
			return colSpurious
		}
		return ref(i)
	})
	if places[0][1].Min.X <= places[0][0].Max.X {
		t.Errorf("reconstruction %v is not right of the original %v", places[0][1], places[0][0])
	}

	// Grayscale mode draws values, not errors.
	_, places, err = reconImage(orig, recon, false, "")
	if err != nil {
		t.Fatal(err)
	}
	img, _, _ = reconImage(orig, recon, false, "")
	checkTile(t, img, places[0][1], 7, 5, func(i int) color.RGBA { return grayLevel(recon.Pix[i]) })
}

func TestRowsPlacesEveryTile(t *testing.T) {
	a := glyphImages(glyphA, glyphA, glyphA)
	b := glyphImages(glyphA)
	b.Labels = []string{"x"}
	img, places, err := rowsImage([]Images{a, b}, []string{"linear a→o", "slerp"}, true, "rows")
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 2 || len(places[0]) != 3 || len(places[1]) != 1 {
		t.Fatalf("places %v", places)
	}
	for _, row := range places {
		for _, r := range row {
			checkTile(t, img, r, 7, 5, func(i int) color.RGBA {
				if glyphA[i/5][i%5] == '#' {
					return colInk
				}
				return colPaper
			})
		}
	}
	if places[1][0].Min.Y <= places[0][0].Max.Y {
		t.Error("second row is not below the first")
	}
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such-folder")
	g := testGlyphs(2)
	writers := map[string]func(p string) error{
		"grid": func(p string) error { return Grid(p, g, 2, true, "") },
		"plot": func(p string) error { return WrongPixels(p, nil, []int{1, 2}, "") },
	}
	for name, w := range writers {
		if err := w(filepath.Join(missing, name+".png")); err == nil {
			t.Errorf("%s: no error writing into a missing folder", name)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("missing folder now exists: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}

	// Replacing an existing figure leaves exactly the new, valid file.
	p := filepath.Join(dir, "g.png")
	for range 2 {
		if err := Grid(p, g, 2, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	checkFigure(t, p)
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("folder holds %v", left)
	}
}

func TestAt(t *testing.T) {
	im := Images{N: 2, Rows: 1, Cols: 2, Pix: []float64{1, 2, 3, 4}}
	if got := im.At(1); len(got) != 2 || got[0] != 3 || got[1] != 4 || cap(got) != 2 {
		t.Errorf("At(1) = %v (cap %d)", got, cap(got))
	}
}

func TestDrawableKeepsShapeOfLongRuns(t *testing.T) {
	y := ramp(100000, func(i int) float64 { return 2 + math.Sin(float64(i)) })
	y[4321] = 1e-9 // a deep dip must survive thinning
	y[50000] = math.NaN()
	xy := drawable(func(i int) float64 { return float64(i + 1) }, y, true)
	if len(xy) > maxDrawn+2 {
		t.Errorf("%d points drawn", len(xy))
	}
	low := math.Inf(1)
	for i, p := range xy {
		low = math.Min(low, p.Y)
		if i > 0 && p.X <= xy[i-1].X {
			t.Fatalf("x not increasing at %d", i)
		}
	}
	if low != -9 {
		t.Errorf("lowest drawn log10 value %v, want -9", low)
	}
	if got := drawable(func(i int) float64 { return float64(i) }, []float64{1, 0, -1, math.Inf(1), 10}, true); len(got) != 2 {
		t.Errorf("log drawable kept %v", got)
	}
}

func TestTicksAreLabelled(t *testing.T) {
	count := func(lo, hi float64, log bool) int {
		var n int
		tk := niceTicks{}.Ticks(lo, hi)
		if log {
			tk = logTicks{}.Ticks(math.Log10(lo), math.Log10(hi))
		}
		for _, x := range tk {
			if x.Label != "" {
				n++
			}
		}
		return n
	}
	for _, r := range [][2]float64{{0, 1}, {1, 10000}, {-2.7, 3.1}, {0.001, 0.0012}, {5, 5.5}} {
		if n := count(r[0], r[1], false); n < 3 || n > 9 {
			t.Errorf("linear %v: %d labels", r, n)
		}
	}
	for _, r := range [][2]float64{{0.3, 0.35}, {0.2, 0.9}, {1e-3, 0.5}, {1e-12, 1e3}, {7e-5, 1.1e-3}} {
		if n := count(r[0], r[1], true); n < 2 || n > 12 {
			t.Errorf("log %v: %d labels", r, n)
		}
	}
}

func TestPlainReplacesMissingSymbols(t *testing.T) {
	if got := plain("z ∈ [-2, 2] a→o"); got != "z in [-2, 2] a→o" {
		t.Errorf("plain = %q", got)
	}
}

package plot

import (
	"image"
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
	a := glyphImages(glyphA)
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
		"denoise":      func(p string) error { return Denoising(p, g, gr, g, "denoising") },
		"denoise-gray": func(p string) error { return Denoising(p, e, e, e, "faces, thresholded") },
		"denoise-one":  func(p string) error { return Denoising(p, a, a, a, "") },
		"grid":         func(p string) error { return Grid(p, g, 8, true, "grid") },
		"grid-gray":    func(p string) error { return Grid(p, e, 8, false, "") },
		"grid-wide":    func(p string) error { return Grid(p, testFaces(100), 100, false, "one long row") },
		"rows": func(p string) error {
			return Rows(p, []Images{g, testGlyphs(5)}, []string{"linear a→o", "slerp a→o"}, true, "rows")
		},
		"loss": func(p string) error {
			return LossFigure(p, []Curve{{Name: "train", Y: loss}, {Name: "test", Y: loss[:5000]}}, lr, "loss")
		},
		"loss-1": func(p string) error {
			return LossFigure(p, []Curve{{Name: "train", Y: []float64{0.3}}}, []float64{0.01}, "")
		},
		"loss-100k": func(p string) error { return LossFigure(p, []Curve{{Name: "train", Y: long}}, nil, "long") },
		"loss-test-gaps": func(p string) error { // a held-out set scored every 25 epochs, dashed over the gaps
			test := ramp(300, func(i int) float64 { return 1.2 * loss[i] })
			for i := range test {
				if (i+1)%25 != 0 && i != len(test)-1 {
					test[i] = math.NaN()
				}
			}
			return LossFigure(p, []Curve{{Name: "train", Y: loss[:300]}, {Name: "test", Y: test, Dashed: true}}, nil, "")
		},
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
			return Series(p, []float64{0, 0.1, 0.2}, []Curve{{Name: "a", Y: []float64{1, 2, 3}}, {Name: "b", Y: []float64{3, math.NaN(), 1}}}, "noise", "wrong", false, "s")
		},
		"series-log": func(p string) error {
			return Series(p, []float64{1, 2, 3}, []Curve{{Name: "", Y: []float64{1, 0, 1e-6}}}, "step", "diff", true, "")
		},
		"series-1": func(p string) error {
			return Series(p, []float64{1}, []Curve{{Name: "a", Y: []float64{2}}}, "", "", false, "")
		},
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
		"loss empty curve":  func() error { return LossFigure(p, []Curve{{Name: "a", Y: nil}}, nil, "") },
		"loss all NaN":      func() error { return LossFigure(p, []Curve{{Name: "a", Y: []float64{math.NaN(), 0, -1}}}, nil, "") },
		"loss lr empty":     func() error { return LossFigure(p, []Curve{{Name: "a", Y: []float64{1}}}, []float64{}, "") },
		"loss lr zero":      func() error { return LossFigure(p, []Curve{{Name: "a", Y: []float64{1}}}, []float64{0}, "") },
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
		"series no x":       func() error { return Series(p, nil, []Curve{{Name: "a", Y: nil}}, "", "", false, "") },
		"series none":       func() error { return Series(p, []float64{1}, nil, "", "", false, "") },
		"series length": func() error {
			return Series(p, []float64{1, 2}, []Curve{{Name: "a", Y: []float64{1}}}, "", "", false, "")
		},
		"series NaN x": func() error {
			return Series(p, []float64{math.NaN()}, []Curve{{Name: "a", Y: []float64{1}}}, "", "", false, "")
		},
		"series log ≤ 0": func() error { return Series(p, []float64{1}, []Curve{{Name: "a", Y: []float64{0}}}, "", "", true, "") },
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

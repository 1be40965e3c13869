package plot

import (
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The figures of a VAE's latent space and training: Panels, LatentWith,
// AxesGrid.

func TestVAEFiguresWriteAPNG(t *testing.T) {
	dir := t.TempDir()
	e := testFaces(9)
	codes := func(n, dim int) []float64 {
		return ramp(n*dim, func(i int) float64 { return math.Sin(float64(i)*1.7) * float64(1+i%dim) })
	}
	kl := ramp(300, func(i int) float64 { return 3 + 20*math.Exp(-float64(i)/10) })
	d1 := ramp(30, func(i int) float64 { return 2 * float64(i) / 30 })
	at := ramp(30, func(i int) float64 { return float64(10*i + 1) })
	cases := map[string]func(string) error{
		"panels": func(p string) error {
			return Panels(p, []Panel{
				{YName: "loss", Zoom: true, Lines: []Line{{Name: "total", Y: kl}}},
				{YName: "KL", Zoom: true, Lines: []Line{{Name: "all", Y: kl}, {Name: "z1", X: at, Y: d1}}, HLine: 1, HLineName: "λ = 1"},
				{YName: "lr", LogY: true, Step: true, Lines: []Line{{Name: "lr", Y: ramp(300, func(i int) float64 { return 1e-3 / float64(1+i/100) })}}},
			}, "panels")
		},
		"panels-1": func(p string) error { return Panels(p, []Panel{{Lines: []Line{{Y: []float64{2}}}}}, "") },
		"panels-test": func(p string) error { // a held-out set's loss every 30 epochs, dashed
			test := ramp(300, func(i int) float64 { return math.NaN() })
			for i := 29; i < len(test); i += 30 {
				test[i] = 1.1 * kl[i]
			}
			return Panels(p, []Panel{{YName: "loss", Zoom: true, Lines: []Line{{Name: "total", Y: kl}, {Name: "test", Y: test, Dashed: true}}}}, "")
		},
		"latent-shared": func(p string) error {
			return LatentWith(p, codes(9, 4), 4, e.Labels, &e, LatentOptions{Names: []string{"a", "b", "c", "d"}, Dims: [3]int{0, 2, 3}, Shared: true, Subtitle: "shared"}, "4-D")
		},
		"latent2-shared": func(p string) error {
			return LatentWith(p, codes(9, 2), 2, nil, &e, LatentOptions{Shared: true}, "")
		},
		"axes-grid": func(p string) error {
			return AxesGrid(p, e, []string{"-1", "0", "1"}, []string{"1", "0", "-1"}, "z1 →", "z2 ↓", false, "a title long enough to be wrapped to the width of the small grid it sits over", "a note")
		},
		"axes-grid-row": func(p string) error {
			return AxesGrid(p, testFaces(3), []string{"-1", "0", "1"}, []string{""}, "z1", "", false, "")
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
	p := filepath.Join(dir, "x.png")
	bad := map[string]func() error{
		"panels none":       func() error { return Panels(p, nil, "") },
		"panels empty line": func() error { return Panels(p, []Panel{{Lines: []Line{{Name: "a"}}}}, "") },
		"panels x length":   func() error { return Panels(p, []Panel{{Lines: []Line{{X: []float64{1}, Y: []float64{1, 2}}}}}, "") },
		"panels all NaN":    func() error { return Panels(p, []Panel{{Lines: []Line{{Y: []float64{math.NaN()}}}}}, "") },
		"latent names":      func() error { return LatentWith(p, codes(4, 3), 3, nil, nil, LatentOptions{Names: []string{"a"}}, "") },
		"latent dims":       func() error { return LatentWith(p, codes(4, 3), 3, nil, nil, LatentOptions{Dims: [3]int{0, 1, 3}}, "") },
		"axes-grid ticks":   func() error { return AxesGrid(p, e, []string{"a", "b"}, []string{"c"}, "", "", false, "") },
		"axes-grid no images": func() error {
			return AxesGrid(p, Images{Rows: 2, Cols: 2}, []string{"a"}, []string{"b"}, "", "", false, "")
		},
		"axes-grid path": func() error { return AxesGrid("", e, nil, nil, "", "", false, "") },
	}
	for name, f := range bad {
		if err := f(); err == nil || strings.TrimSpace(err.Error()) == "" {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if _, err := os.Stat(p); err == nil {
		t.Error("a failed call left a file")
	}
}

// TestAxesGridIsCroppedToTheGrid: a long title wraps rather than widening
// the figure, every tile is drawn, rows top to bottom.
func TestAxesGridIsCroppedToTheGrid(t *testing.T) {
	g := glyphImages(glyphA, glyphA, glyphA, glyphA)
	title := strings.Repeat("a long title ", 30)
	img, places, err := axesGridImage(g, []string{"-1", "1"}, []string{"1", "-1"}, "x", "y", true, title, []string{"note"})
	if err != nil {
		t.Fatal(err)
	}
	right := 0
	for _, r := range places {
		right = max(right, r.Max.X)
		checkTile(t, img, r, 7, 5, func(i int) color.RGBA {
			if glyphA[i/5][i%5] == '#' {
				return colInk
			}
			return colPaper
		})
	}
	if w := img.Bounds().Dx(); w > max(right, 360+2*rasterMargin)+rasterMargin {
		t.Errorf("figure %d pixels wide for a grid ending at %d", w, right)
	}
	if !(places[2].Min.Y > places[0].Max.Y && places[1].Min.X > places[0].Max.X) {
		t.Errorf("tiles %v: want two columns, rows top to bottom", places)
	}
}

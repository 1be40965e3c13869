package plot

import (
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDenoisingWritesAPNG(t *testing.T) {
	clean := testGlyphs(32)
	noisy, denoised := clean, clean
	noisy.Pix = append([]float64(nil), clean.Pix...)
	denoised.Pix = append([]float64(nil), clean.Pix...)
	for i := range clean.N {
		noisy.Pix[i*35+(7*i)%35] = 1 - noisy.Pix[i*35+(7*i)%35]
		noisy.Pix[i*35+(3*i+1)%35] = 1 - noisy.Pix[i*35+(3*i+1)%35]
	}
	denoised.Pix[40] = 1 - denoised.Pix[40]
	p := filepath.Join(t.TempDir(), "denoise.png")
	if err := Denoising(p, clean, noisy, denoised, "denoising"); err != nil {
		t.Fatal(err)
	}
	img := checkFigure(t, p)

	// The file holds the same picture as denoiseImage draws.
	want, _, err := denoiseImage(clean, noisy, denoised, "denoising")
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != want.Bounds() {
		t.Fatalf("PNG is %v, drawn %v", img.Bounds(), want.Bounds())
	}
	for y := 0; y < want.Bounds().Dy(); y += 7 {
		for x := 0; x < want.Bounds().Dx(); x += 7 {
			if colorAt(img, x, y) != want.RGBAAt(x, y) {
				t.Fatalf("PNG differs from the drawing at (%d,%d)", x, y)
			}
		}
	}
}

func TestDenoisingHighlightsWrongPixels(t *testing.T) {
	clean := glyphImages(glyphA, glyphA)
	noisy := glyphImages(glyphA, glyphA)
	denoised := glyphImages(glyphA, glyphA)
	ink, paper := 1*5+1, 0    // row 1 col 1 is ink in a; row 0 col 0 is paper
	noisy.Pix[ink] = 0.2      // missing in the noisy copy
	noisy.Pix[paper] = 0.9    // spurious in the noisy copy
	denoised.Pix[paper] = 0.6 // still spurious after denoising
	denoised.Pix[ink] = 0.5   // on: fixed
	denoised.Pix[2] = 0.49    // paper stays paper
	noisy.Pix[35+3*5] = 0     // second glyph: row 3 col 0 is paper, no error
	denoised.Pix[35+4*5] = 0  // second glyph: row 4 col 0 is ink, missing
	clean.Labels = []string{"a", "a2"}

	img, places, err := denoiseImage(clean, noisy, denoised, "t")
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 2 || len(places[0]) != 3 || len(places[1]) != 3 {
		t.Fatalf("places %v, want 2 groups of 3 tiles", places)
	}
	for _, g := range places {
		if !(g[0].Max.X < g[1].Min.X && g[1].Max.X < g[2].Min.X) || g[0].Min.Y != g[1].Min.Y || g[1].Min.Y != g[2].Min.Y {
			t.Errorf("tiles %v are not clean | noisy | denoised side by side", g)
		}
	}
	if places[1][0].Min.X <= places[0][2].Max.X {
		t.Errorf("second group %v overlaps the first %v", places[1], places[0])
	}
	ref := func(i int) color.RGBA {
		if glyphA[i/5][i%5] == '#' {
			return colInk
		}
		return colPaper
	}
	with := func(marks map[int]color.RGBA) func(int) color.RGBA {
		return func(i int) color.RGBA {
			if c, ok := marks[i]; ok {
				return c
			}
			return ref(i)
		}
	}
	checkTile(t, img, places[0][0], 7, 5, ref)
	checkTile(t, img, places[0][1], 7, 5, with(map[int]color.RGBA{ink: colMissing, paper: colSpurious}))
	checkTile(t, img, places[0][2], 7, 5, with(map[int]color.RGBA{paper: colSpurious}))
	checkTile(t, img, places[1][0], 7, 5, ref)
	checkTile(t, img, places[1][1], 7, 5, ref)
	checkTile(t, img, places[1][2], 7, 5, with(map[int]color.RGBA{4 * 5: colMissing}))
}

func TestDenoisingBadInputs(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.png")
	g := testGlyphs(3)
	bad := func(change func(im *Images)) Images {
		im := g
		im.Pix = append([]float64(nil), g.Pix...)
		change(&im)
		return im
	}
	nan := bad(func(im *Images) { im.Pix[4] = math.NaN() })
	inf := bad(func(im *Images) { im.Pix[40] = math.Inf(-1) })
	short := bad(func(im *Images) { im.Pix = im.Pix[:10] })
	labels := bad(func(im *Images) { im.Labels = []string{"a"} })
	cases := map[string]func() error{
		"empty path":        func() error { return Denoising("", g, g, g, "") },
		"no images":         func() error { return Denoising(p, Images{}, Images{}, Images{}, "") },
		"noisy count":       func() error { return Denoising(p, g, testGlyphs(4), g, "") },
		"denoised count":    func() error { return Denoising(p, g, g, testGlyphs(2), "") },
		"noisy size":        func() error { return Denoising(p, g, testFaces(3), g, "") },
		"denoised size":     func() error { return Denoising(p, g, g, testFaces(3), "") },
		"clean NaN":         func() error { return Denoising(p, nan, g, g, "") },
		"noisy NaN":         func() error { return Denoising(p, g, nan, g, "") },
		"denoised Inf":      func() error { return Denoising(p, g, g, inf, "") },
		"short pix":         func() error { return Denoising(p, g, short, g, "") },
		"labels":            func() error { return Denoising(p, g, g, labels, "") },
		"transposed images": func() error { return Denoising(p, g, g, Images{Pix: g.Pix, N: 3, Rows: 5, Cols: 7}, "") },
	}
	for name, f := range cases {
		err := f()
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if name != "empty path" && !strings.HasPrefix(err.Error(), "Denoising: ") {
			t.Errorf("%s: error %q does not name the figure", name, err)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("failed calls left files: %v", left)
	}
}

// Groups of large images are put fewer to a row rather than past maxWidth.
func TestLargeImageGroupsStayNarrow(t *testing.T) {
	big := Images{N: 8, Rows: 200, Cols: 200, Pix: make([]float64, 8*200*200)}
	img, places, err := denoiseImage(big, big, big, "")
	if err != nil {
		t.Fatal(err)
	}
	if w := img.Bounds().Dx(); w > maxWidth {
		t.Errorf("Denoising of 200×200 images is %d pixels wide", w)
	}
	if places[1][0].Min.Y != places[0][0].Min.Y {
		t.Errorf("only one group per row: %v, %v", places[0][0], places[1][0])
	}
	img, _, err = reconImage(big, big, true, "")
	if err != nil {
		t.Fatal(err)
	}
	if w := img.Bounds().Dx(); w > maxWidth {
		t.Errorf("Reconstructions of 200×200 images is %d pixels wide", w)
	}
}

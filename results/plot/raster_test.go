package plot

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"
)

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
		"grid":    func(p string) error { return Grid(p, g, 2, true, "") },
		"plot":    func(p string) error { return WrongPixels(p, nil, []int{1, 2}, "") },
		"denoise": func(p string) error { return Denoising(p, g, g, g, "") },
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

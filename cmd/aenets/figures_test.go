package main

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npz"
)

// checkRunFolder checks what every run folder's reader sees: index.html
// shows every PNG of the folder, and no figure has ink in its outer 3
// pixels, where a title or label cut off at the canvas's edge would leave
// it (every figure keeps a blank margin of at least 10 pixels).
func checkRunFolder(t *testing.T, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	pngs, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(pngs) == 0 {
		t.Errorf("%s: no figure", dir)
	}
	for _, p := range pngs {
		name := filepath.Base(p)
		if !strings.Contains(page, `<figure id="`+name+`">`) {
			t.Errorf("index.html does not show %s", name)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if at, ok := inkAtEdge(img, 3); ok {
			t.Errorf("%s: ink at %v, at the edge of the figure (%v): something is cut off", name, at, img.Bounds().Size())
		}
	}
}

// inkAtEdge returns a pixel within m of the image's edge that is not
// white, if any.
func inkAtEdge(img image.Image, m int) (image.Point, bool) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if x >= b.Min.X+m && x < b.Max.X-m && y >= b.Min.Y+m && y < b.Max.Y-m {
				x = b.Max.X - m - 1
				continue
			}
			if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				return image.Pt(x, y), true
			}
		}
	}
	return image.Point{}, false
}

// checkArrays checks the shapes of the arrays of an .npz file.
func checkArrays(t *testing.T, path string, shapes map[string][2]int) {
	t.Helper()
	r, err := npz.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for name, want := range shapes {
		h := r.Header(name + ".npy")
		if h == nil || len(h.Descr.Shape) != 2 || h.Descr.Shape[0] != want[0] || h.Descr.Shape[1] != want[1] {
			t.Errorf("%s %s: %v, want shape %v", filepath.Base(path), name, h, want)
		}
	}
}

// TestRunFoldersForReaders runs every command that writes a run folder,
// with titles as long as the defaults give, and checks each folder's
// index.html and figures; ae and vae also write reconstructions.npz when
// asked, and only then.
func TestRunFoldersForReaders(t *testing.T) {
	base := t.TempDir()
	runs := map[string][]string{
		"ae":       append([]string{"ae", "--save-recon"}, tiny...),
		"ae-plain": append([]string{"ae", "--layers", "35,10,3,10,35", "--latent-act", "tanh", "--batch", "8"}, tiny[:2]...),
		"vae":      append([]string{"vae", "--save-recon"}, tinyVAE...),
		"dae":      append([]string{"dae", "--p-range", "0,0.15"}, tinyDAE...),
		"matrix": {"dae-matrix", "--train-levels", "0.05,0:0.1", "--test-levels", "0,0.1,0.2", "--epochs", "20",
			"--pretrain-epochs", "20", "--hidden", "8", "--copies", "2"},
		"compare": {"compare", "--net", "vae", "--hidden", "16", "--latent", "2", "--steps", "20"},
	}
	for name, args := range runs {
		dir := filepath.Join(base, name)
		if _, stderr, err := run(t, append(args, "--quiet", "--out", dir)...); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, stderr)
		}
		checkRunFolder(t, dir)
	}
	checkArrays(t, filepath.Join(base, "ae", "reconstructions.npz"), map[string][2]int{"x": {32, 35}, "recon": {32, 35}, "z": {32, 2}})
	checkArrays(t, filepath.Join(base, "vae", "reconstructions.npz"), map[string][2]int{"x": {56, 400}, "recon": {56, 400}, "mu": {56, 2}})
	if _, err := os.Stat(filepath.Join(base, "ae-plain", "reconstructions.npz")); err == nil {
		t.Error("reconstructions.npz written without --save-recon")
	}
	out := filepath.Join(base, "outliers")
	if _, stderr, err := run(t, "outliers", "--quiet", "--weights", filepath.Join(base, "ae", "weights.npz"), "--out", out); err != nil {
		t.Fatal(err, stderr)
	}
	checkRunFolder(t, out)
}

package data_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The images of TestLoadPNGDir are 3 pixels wide and 2 high.
func TestLoadPNGDir(t *testing.T) {
	dir := t.TempDir()
	rect := image.Rect(0, 0, 3, 2)

	gray := image.NewGray(rect)
	gray.Pix = []uint8{0, 64, 128, 191, 255, 1}

	rgba := image.NewNRGBA(rect)
	rgba.Set(0, 0, color.NRGBA{255, 255, 255, 128}) // white, half transparent
	rgba.Set(1, 0, color.NRGBA{255, 0, 0, 255})     // red
	rgba.Set(2, 0, color.NRGBA{0, 255, 0, 128})     // green, half transparent
	rgba.Set(0, 1, color.NRGBA{0, 0, 255, 255})     // blue
	rgba.Set(1, 1, color.NRGBA{255, 255, 255, 0})   // fully transparent
	rgba.Set(2, 1, color.NRGBA{255, 255, 255, 255}) // white

	pal := image.NewPaletted(rect, color.Palette{
		color.Black, color.White, color.Gray{0x40}, color.NRGBA{0, 0, 255, 255}})
	pal.Pix = []uint8{1, 0, 2, 3, 1, 1}

	gray16 := image.NewGray16(rect)
	for i, v := range []uint16{0x8000, 0xffff, 0, 1, 0x1234, 0xfffe} {
		gray16.SetGray16(i%3, i/3, color.Gray16{v})
	}

	writePNG(t, filepath.Join(dir, "b_gray.png"), gray)
	writePNG(t, filepath.Join(dir, "a_rgba.PNG"), rgba)
	writePNG(t, filepath.Join(dir, "c_pal.Png"), pal)
	writePNG(t, filepath.Join(dir, "d_gray16.png"), gray16)
	writeFile(t, filepath.Join(dir, "notes.txt"), "not an image")
	writeFile(t, filepath.Join(dir, "e.png.bak"), "not an image")
	if err := os.Mkdir(filepath.Join(dir, "sub.png"), 0o755); err != nil {
		t.Fatal(err)
	}

	d, err := data.LoadPNGDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != dir || d.N != 4 || d.D != 6 || d.Rows != 2 || d.Cols != 3 {
		t.Fatalf("name %q, N %d, D %d, shape %dx%d; want 4 samples of 2x3", d.Name, d.N, d.D, d.Rows, d.Cols)
	}
	if want := []string{"a_rgba.PNG", "b_gray.png", "c_pal.Png", "d_gray16.png"}; !slices.Equal(d.IDs, want) {
		t.Errorf("IDs %q, want %q", d.IDs, want)
	}
	if want := []string{"a_rgba", "b_gray", "c_pal", "d_gray16"}; !slices.Equal(d.Labels, want) {
		t.Errorf("labels %q, want %q", d.Labels, want)
	}
	half := 128.0 / 255
	want := [][]float64{
		{half, 0.299, 0.587 * half, 0.114, 0, 1},
		{0, 64.0 / 255, 128.0 / 255, 191.0 / 255, 1, 1.0 / 255},
		{1, 0, 64.0 / 255, 0.114, 1, 1},
		{0x8000 / 65535.0, 1, 0, 1 / 65535.0, 0x1234 / 65535.0, 0xfffe / 65535.0},
	}
	for i, w := range want {
		for j, v := range d.Row(i) {
			if math.Abs(v-w[j]) > 1e-12 {
				t.Errorf("%s: pixel (%d,%d) = %v, want %v", d.IDs[i], j/3, j%3, v, w[j])
			}
		}
	}
}

func TestLoadPNGDirErrors(t *testing.T) {
	sized := func(w, h int) image.Image { return image.NewGray(image.Rect(0, 0, w, h)) }

	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "a.png"), sized(3, 2))
	writePNG(t, filepath.Join(dir, "b.png"), sized(3, 2))
	writePNG(t, filepath.Join(dir, "c.png"), sized(2, 3))
	_, err := data.LoadPNGDir(dir)
	want := filepath.Join(dir, "c.png") + ": image is 2 pixels wide and 3 high, expected 3 wide and 2 high like a.png"
	if err == nil || err.Error() != want {
		t.Errorf("mismatched sizes: got %v\nwant %s", err, want)
	}

	dir = t.TempDir()
	writePNG(t, filepath.Join(dir, "a.png"), sized(3, 2))
	writeFile(t, filepath.Join(dir, "broken.png"), "not a PNG")
	_, err = data.LoadPNGDir(dir)
	if err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, "broken.png")+": ") {
		t.Errorf("undecodable PNG: got %v", err)
	}

	dir = t.TempDir()
	if _, err = data.LoadPNGDir(dir); err == nil || err.Error() != dir+": no .png files in the folder" {
		t.Errorf("empty folder: got %v", err)
	}
	writeFile(t, filepath.Join(dir, "a.txt"), "61 a 00 0e 01 0d 13 13 0d\n")
	if _, err = data.LoadPNGDir(dir); err == nil || err.Error() != dir+": no .png files in the folder" {
		t.Errorf("folder without PNG: got %v", err)
	}

	if _, err = data.LoadPNGDir(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: got %v", err)
	}
}

// pngHeader returns the signature and IHDR chunk of a w×h 8-bit gray PNG,
// all that png.DecodeConfig reads.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	chunk := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	chunk = binary.BigEndian.AppendUint32(chunk, h)
	chunk = append(chunk, 8, 0, 0, 0, 0) // 8-bit gray, no interlace
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}

// Image sizes are checked from the header, before the pixels are decoded.
func TestLoadPNGDirLimits(t *testing.T) {
	for _, tc := range []struct {
		files int
		w, h  uint32
		want  string
	}{
		{1, 10000, 10000, "0.png: image is 10000 pixels wide and 10000 high, above the limit of data.MaxImageSide = 4096 pixels a side"},
		{1, 1, 4097, "0.png: image is 1 pixels wide and 4097 high, above the limit of data.MaxImageSide = 4096"},
		{9, 4096, 4096, ": 9 .png files of 4096x4096 pixels: 9 samples of 16777216 values exceed the limit of data.MaxValues = 134217728 values in all"},
	} {
		dir := t.TempDir()
		for i := range tc.files {
			writeFile(t, filepath.Join(dir, fmt.Sprint(i)+".png"), string(pngHeader(tc.w, tc.h)))
		}
		_, err := data.LoadPNGDir(dir)
		if err == nil || !strings.HasPrefix(err.Error(), dir) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%d files of %dx%d: got %v, want %s", tc.files, tc.w, tc.h, err, tc.want)
		}
	}
}

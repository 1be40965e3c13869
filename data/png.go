package data

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
)

// LoadPNGDir reads every *.png file in dir (the extension in any case),
// sorted by file name, as one grayscale sample in [0,1]: each pixel is drawn
// over black and converted with the Rec. 601 luma weights,
// 0.299R + 0.587G + 0.114B with alpha-premultiplied R, G, B in [0,1].
// IDs are the file names and labels the names without extension. All images
// must have the same size. Other files and subfolders are ignored; a folder
// without PNG files is an error. The dataset is named after dir.
func LoadPNGDir(dir string) (*Dataset, error) {
	entries, err := os.ReadDir(dir) // sorted by file name
	if err != nil {
		return nil, err
	}
	d := &Dataset{Name: dir}
	var first string // file that fixed the size
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(name), ".png") {
			continue
		}
		path := filepath.Join(dir, name)
		img, err := decodePNG(path)
		if err != nil {
			return nil, err
		}
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		switch {
		case w == 0 || h == 0:
			return nil, fmt.Errorf("%s: image has no pixels (%dx%d)", path, w, h)
		case d.N == 0:
			d.Rows, d.Cols, d.D = h, w, w*h
			first = name
		case w != d.Cols || h != d.Rows:
			return nil, fmt.Errorf("%s: image is %d pixels wide and %d high, expected %d wide and %d high like %s",
				path, w, h, d.Cols, d.Rows, first)
		}
		d.X = appendGray(d.X, img)
		d.IDs = append(d.IDs, name)
		d.Labels = append(d.Labels, strings.TrimSuffix(name, filepath.Ext(name)))
		d.N++
	}
	if d.N == 0 {
		return nil, fmt.Errorf("%s: no .png files in the folder", dir)
	}
	if err := d.Check(); err != nil {
		return nil, err
	}
	return d, nil
}

// decodePNG reads the PNG file at path.
func decodePNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// appendGray appends the pixels of img, row by row, as gray values in [0,1]
// of the image composited over black.
func appendGray(x []float64, img image.Image) []float64 {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for px := b.Min.X; px < b.Max.X; px++ {
			// RGBA is alpha-premultiplied, which is compositing over black.
			r, g, bl, _ := img.At(px, y).RGBA()
			if r == g && g == bl { // gray: exact, without rounding of the weights
				x = append(x, float64(r)/0xffff)
				continue
			}
			v := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 0xffff
			x = append(x, min(max(v, 0), 1))
		}
	}
	return x
}

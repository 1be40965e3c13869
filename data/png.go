package data

import (
	"fmt"
	"image"
	"image/png"
	"io"
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
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".png") {
			names = append(names, e.Name())
		}
	}
	d := &Dataset{Name: dir}
	for _, name := range names {
		path := filepath.Join(dir, name)
		img, err := decodePNG(path, d, names[0], len(names))
		if err != nil {
			return nil, err
		}
		if d.N == 0 {
			d.X = make([]float64, 0, len(names)*d.D) // bounded by decodePNG
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

// decodePNG reads the PNG file at path, one of count files, for dataset d.
// It reads the image size first and refuses an image above MaxImageSide,
// a dataset above MaxValues, or a size other than that of the first image
// (file first) before decoding the pixels. The first image sets d's shape.
func decodePNG(path string, d *Dataset, first string, count int) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	w, h := cfg.Width, cfg.Height
	if msg := imageSizeMsg(w, h); msg != "" {
		return nil, fmt.Errorf("%s: %s", path, msg)
	}
	switch {
	case d.N == 0:
		if msg := tooManyValues(int64(count), w*h); msg != "" {
			return nil, fmt.Errorf("%s: %d .png files of %dx%d pixels: %s", d.Name, count, w, h, msg)
		}
		d.Rows, d.Cols, d.D = h, w, w*h
	case w != d.Cols || h != d.Rows:
		return nil, fmt.Errorf("%s: image is %d pixels wide and %d high, expected %d wide and %d high like %s",
			path, w, h, d.Cols, d.Rows, first)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		return nil, fmt.Errorf("%s: decoded image is %dx%d, its header says %dx%d", path, b.Dx(), b.Dy(), w, h)
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

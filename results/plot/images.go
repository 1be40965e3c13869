package plot

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
)

// Images is n images of Rows×Cols values in [0,1], row-major, one after another.
type Images struct {
	Pix           []float64
	N, Rows, Cols int
	Labels        []string // optional, one per image (drawn above each tile)
}

// At returns the values of image i (a sub-slice of Pix, not a copy).
// It panics if i is out of range, like a slice index.
func (im Images) At(i int) []float64 {
	sz := im.Rows * im.Cols
	return im.Pix[i*sz : (i+1)*sz : (i+1)*sz]
}

// MaxSide bounds the size of one image so that figures stay drawable.
const MaxSide = 512

// MaxFigurePixels bounds the size of a raster figure (Grid, Rows): 64 Mpx,
// 256 MiB of RGBA.
const MaxFigurePixels = 1 << 26

// checkFigureSize reports a figure of w×h pixels above MaxFigurePixels.
func checkFigureSize(name string, w, h int) error {
	if w > 0 && h > MaxFigurePixels/w {
		return fmt.Errorf("%s: a figure of %d×%d pixels, above plot.MaxFigurePixels = %d", name, w, h, MaxFigurePixels)
	}
	return nil
}

// validate reports whether im is a well-formed, non-empty set of images.
func (im Images) validate(name string) error {
	switch {
	case im.N <= 0:
		return fmt.Errorf("%s: no images (N = %d)", name, im.N)
	case im.Rows <= 0 || im.Cols <= 0:
		return fmt.Errorf("%s: image size %d×%d is empty", name, im.Rows, im.Cols)
	case im.Rows > MaxSide || im.Cols > MaxSide:
		return fmt.Errorf("%s: image size %d×%d is larger than %d×%d", name, im.Rows, im.Cols, MaxSide, MaxSide)
	case len(im.Pix) != im.N*im.Rows*im.Cols:
		return fmt.Errorf("%s: %d values for %d images of %d×%d (want %d)",
			name, len(im.Pix), im.N, im.Rows, im.Cols, im.N*im.Rows*im.Cols)
	case im.Labels != nil && len(im.Labels) != im.N:
		return fmt.Errorf("%s: %d labels for %d images", name, len(im.Labels), im.N)
	}
	if i := firstNonFinite(im.Pix); i >= 0 {
		return nonFiniteError(name, im.Pix, i, 0, im.Rows*im.Cols)
	}
	return nil
}

// nonFiniteError reports the non-finite value pix[i] of images of sz
// values each, pix holding them from image first on.
func nonFiniteError(name string, pix []float64, i, first, sz int) error {
	return fmt.Errorf("%s: image %d has a non-finite value %v at pixel %d", name, first+i/sz, pix[i], i%sz)
}

// firstNonFinite returns the index of the first NaN or ±Inf in v, or -1.
func firstNonFinite(v []float64) int {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return i
		}
	}
	return -1
}

// checkFinite returns an error naming the first non-finite value of v.
func checkFinite(name string, v []float64) error {
	if i := firstNonFinite(v); i >= 0 {
		return fmt.Errorf("%s[%d] is %v", name, i, v[i])
	}
	return nil
}

// checkLabels accepts nil labels or one label per sample.
func checkLabels(labels []string, n int) error {
	if labels != nil && len(labels) != n {
		return fmt.Errorf("%d labels for %d samples", len(labels), n)
	}
	return nil
}

var errNoPath = errors.New("plot: empty output path")

// Colours shared by all figures.
var (
	colPaper    = color.RGBA{255, 255, 255, 255}
	colInk      = color.RGBA{0, 0, 0, 255}
	colMissing  = color.RGBA{240, 120, 0, 255}  // should be on, is off
	colSpurious = color.RGBA{30, 120, 230, 255} // should be off, is on
	colFrame    = color.RGBA{150, 150, 150, 255}
	colText     = color.RGBA{20, 20, 20, 255}
	colMuted    = color.RGBA{110, 110, 110, 255}
	colBad      = color.RGBA{200, 30, 30, 255}
)

// linePalette is the Okabe–Ito colour-blind-safe palette (yellow left out).
var linePalette = []color.RGBA{
	{0, 114, 178, 255},   // blue
	{213, 94, 0, 255},    // vermillion
	{0, 158, 115, 255},   // green
	{204, 121, 167, 255}, // reddish purple
	{230, 159, 0, 255},   // orange
	{86, 180, 233, 255},  // sky blue
	{0, 0, 0, 255},       // black
	{120, 120, 120, 255}, // gray
}

func paletteColor(i int) color.RGBA { return linePalette[i%len(linePalette)] }

// gray maps v in [0,1] (clamped) to the gray level v.
func grayLevel(v float64) color.RGBA {
	g := uint8(math.Round(255 * clamp01(v)))
	return color.RGBA{g, g, g, 255}
}

func clamp01(v float64) float64 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// on reports whether v counts as an inked pixel in binary mode.
func isOn(v float64) bool { return v >= 0.5 }

// pixelColor is the colour of value v in binary or grayscale mode.
func pixelColor(v float64, binary bool) color.RGBA {
	if binary {
		if isOn(v) {
			return colInk
		}
		return colPaper
	}
	return grayLevel(v)
}

// pixelScale is the number of screen pixels per data pixel that makes an
// image of rows×cols about target screen pixels on its longer side.
func pixelScale(rows, cols, target int) int {
	s := int(math.Round(float64(target) / float64(max(rows, cols))))
	return max(1, min(s, 12))
}

// fillRect fills the rectangle (x, y, w, h) of img with c, clipped to img.
func fillRect(img *image.RGBA, x, y, w, h int, c color.RGBA) {
	r := image.Rect(x, y, x+w, y+h).Intersect(img.Rect)
	for yy := r.Min.Y; yy < r.Max.Y; yy++ {
		off := img.PixOffset(r.Min.X, yy)
		for xx := r.Min.X; xx < r.Max.X; xx++ {
			img.Pix[off], img.Pix[off+1], img.Pix[off+2], img.Pix[off+3] = c.R, c.G, c.B, c.A
			off += 4
		}
	}
}

// frame draws a one-pixel outline just outside the rectangle (x, y, w, h).
func drawFrame(img *image.RGBA, x, y, w, h int, c color.RGBA) {
	fillRect(img, x-1, y-1, w+2, 1, c)
	fillRect(img, x-1, y+h, w+2, 1, c)
	fillRect(img, x-1, y, 1, h, c)
	fillRect(img, x+w, y, 1, h, c)
}

// drawTile draws one rows×cols image at (x, y) with s×s blocks per data
// pixel; colorAt gives the colour of pixel i with value v.
func drawTile(img *image.RGBA, x, y, s, rows, cols int, vals []float64, colorAt func(i int, v float64) color.RGBA) {
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			i := r*cols + c
			fillRect(img, x+c*s, y+r*s, s, s, colorAt(i, vals[i]))
		}
	}
}

// thumbnail renders one image in grayscale with s×s blocks and a one-pixel frame.
func thumbnail(vals []float64, rows, cols, s int) *image.RGBA {
	w, h := cols*s, rows*s
	img := image.NewRGBA(image.Rect(0, 0, w+2, h+2))
	drawFrame(img, 1, 1, w, h, colFrame)
	drawTile(img, 1, 1, s, rows, cols, vals, func(_ int, v float64) color.RGBA { return grayLevel(v) })
	return img
}

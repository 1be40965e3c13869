package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
)

// GridAxes are the latent coordinates of the columns and rows of a grid of
// decodings over a plane of the latent space.
type GridAxes struct {
	X, Y         []float64 // one value per column; one per row, top row first (nil: a single row)
	XName, YName string    // e.g. "z1", "z2"
	Notes        []string  // lines under the title
}

// LatentGrid draws the decodings of a grid over the latent space like
// Grid, with the value of every column under the grid and of every row to
// its left (every k-th when they would run into each other), the axis
// names, and the notes under the title. imgs holds len(X) images per row,
// row after row. binary is as for Grid, and the header says what it means.
func LatentGrid(path string, imgs Images, axes GridAxes, binary bool, title string) error {
	if path == "" {
		return errNoPath
	}
	img, _, err := latentGridImage(imgs, axes, binary, title)
	if err != nil {
		return err
	}
	return writePNG(path, img)
}

// axisLabels formats values with as many decimals as their spacing needs.
func axisLabels(v []float64) []string {
	dec := 0
	if len(v) > 1 {
		if step := math.Abs(v[1] - v[0]); step > 0 {
			dec = min(max(-int(math.Floor(math.Log10(step))), 0), 6)
		}
	}
	out := make([]string, len(v))
	for i, x := range v {
		if math.Abs(x) < 0.5*math.Pow(10, -float64(dec)) {
			x = 0 // no "-0.00"
		}
		out[i] = strconv.FormatFloat(x, 'f', dec, 64)
	}
	return out
}

func latentGridImage(imgs Images, axes GridAxes, binary bool, title string) (*image.RGBA, []image.Rectangle, error) {
	if err := imgs.validate("LatentGrid"); err != nil {
		return nil, nil, err
	}
	cols, rows := len(axes.X), max(len(axes.Y), 1)
	if cols == 0 || cols*rows != imgs.N {
		return nil, nil, fmt.Errorf("LatentGrid: %d images for %d columns × %d rows", imgs.N, cols, rows)
	}
	if err := checkFinite("LatentGrid: x", axes.X); err != nil {
		return nil, nil, err
	}
	if err := checkFinite("LatentGrid: y", axes.Y); err != nil {
		return nil, nil, err
	}
	fs, err := newFonts()
	if err != nil {
		return nil, nil, err
	}
	xl, yl := axisLabels(axes.X), axisLabels(axes.Y)
	leftW := textWidth(fs.label, axes.YName)
	for _, l := range yl {
		leftW = max(leftW, textWidth(fs.small, l))
	}
	leftW += 10
	st := layoutStrip(fs, imgs.Rows, imgs.Cols, cols, leftW, nil)
	gridW := cols*st.colW - st.gap
	var lines [][]headerSpan
	for _, n := range axes.Notes {
		lines = append(lines, []headerSpan{{text: n}})
	}
	if binary {
		lines = append(lines, []headerSpan{{text: "each decoding thresholded at 0.5: black = value ≥ 0.5 (on), white = below"}})
	} else {
		lines = append(lines, []headerSpan{{text: "gray level = decoded value: 0 black, 1 white"}})
	}
	h := rasterHeader{fs: fs, title: title, lines: lines, wrap: max(leftW+gridW, minTitleWrap)}
	nameH := lineHeight(fs.label) + 4
	tickH := lineHeight(fs.small) + 4
	width := 2*rasterMargin + max(leftW+gridW, h.width())
	height := 2*rasterMargin + h.height() + nameH + rows*(st.tileH+st.gap) + tickH + nameH
	img := newRaster(width, height)
	h.draw(img, rasterMargin, rasterMargin)
	top := rasterMargin + h.height()
	x0 := rasterMargin + leftW
	if axes.YName != "" && axes.Y != nil {
		drawText(img, fs.label, axes.YName+" ↓", rasterMargin, top, colText)
	}
	top += nameH
	// Every k-th tick label, so that neighbours keep a gap.
	every := func(labels []string, room int, f func(string) int) int {
		w := 0
		for _, l := range labels {
			w = max(w, f(l))
		}
		return max(1, int(math.Ceil(float64(w+8)/float64(room))))
	}
	kx := every(xl, st.colW, func(s string) int { return textWidth(fs.small, s) })
	ky := every(yl, st.tileH+st.gap, func(string) int { return lineHeight(fs.small) })
	places := make([]image.Rectangle, imgs.N)
	for i := range imgs.N {
		r, c := i/cols, i%cols
		x, y := x0+c*st.colW, top+r*(st.tileH+st.gap)
		drawFrame(img, x, y, st.tileW, st.tileH, colFrame)
		drawTile(img, x, y, st.s, imgs.Rows, imgs.Cols, imgs.At(i), func(_ int, v float64) color.RGBA {
			return pixelColor(v, binary)
		})
		places[i] = image.Rect(x, y, x+st.tileW, y+st.tileH)
		if c == 0 && axes.Y != nil && r%ky == 0 {
			drawText(img, fs.small, yl[r], x0-10-textWidth(fs.small, yl[r]), y+st.tileH/2-lineHeight(fs.small)/2, colText)
		}
	}
	y := top + rows*(st.tileH+st.gap)
	for c := 0; c < cols; c += kx {
		drawCentered(img, fs.small, xl[c], x0+c*st.colW+st.tileW/2, y, colText)
	}
	if axes.XName != "" {
		drawCentered(img, fs.label, axes.XName+" →", x0+gridW/2, y+tickH, colText)
	}
	return img, places, nil
}

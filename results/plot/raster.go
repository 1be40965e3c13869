package plot

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"

	"github.com/aenets/aenets/internal/atomicfile"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Layout constants of the raster figures, in screen pixels.
const (
	rasterMargin = 16   // around the figure
	maxWidth     = 2500 // widest figure we aim for
	labelPx      = 15   // label font size
	smallPx      = 13   // font size of numbers under tiles
	titlePx      = 22   // title font size
	notePx       = 15   // font size of the explanation lines
	minTitleWrap = 560  // a title is wrapped to the figure's content, but not narrower than this
)

var (
	fontOnce          sync.Once
	fontReg, fontBold *opentype.Font
	fontErr           error
)

// sansFace returns a face of Liberation Sans, the family of every figure
// (plots and raster figures alike), of size px (pixels); bold selects its
// bold weight. Faces are not safe for concurrent use, so every figure makes
// its own.
func sansFace(px float64, bold bool) (font.Face, error) {
	fontOnce.Do(func() {
		fontReg, fontErr = opentype.Parse(liberationsansregular.TTF)
		if fontErr == nil {
			fontBold, fontErr = opentype.Parse(liberationsansbold.TTF)
		}
	})
	if fontErr != nil {
		return nil, fmt.Errorf("plot: loading font: %w", fontErr)
	}
	f := fontReg
	if bold {
		f = fontBold
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
}

// rasterFonts is the set of faces used by one raster figure.
type rasterFonts struct {
	title, note, label, labelSmall, small font.Face
}

func newFonts() (*rasterFonts, error) {
	var fs rasterFonts
	for _, f := range []struct {
		dst  *font.Face
		px   float64
		bold bool
	}{
		{&fs.title, titlePx, true},
		{&fs.note, notePx, false},
		{&fs.label, labelPx, false},
		{&fs.labelSmall, 12, false},
		{&fs.small, smallPx, false},
	} {
		var err error
		if *f.dst, err = sansFace(f.px, f.bold); err != nil {
			return nil, err
		}
	}
	return &fs, nil
}

// textWidth is the advance width of s in pixels.
func textWidth(f font.Face, s string) int { return font.MeasureString(f, plain(s)).Ceil() }

// lineHeight is the height of one line of f in pixels.
func lineHeight(f font.Face) int { return f.Metrics().Height.Ceil() }

// drawText draws s with its top-left corner at (x, top).
func drawText(img *image.RGBA, f font.Face, s string, x, top int, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f,
		Dot: fixed.P(x, top+f.Metrics().Ascent.Ceil())}
	d.DrawString(plain(s))
	noteRasterText(img, s, image.Rect(x, top, x+textWidth(f, s), top+lineHeight(f)))
}

// drawCentered draws s horizontally centred on cx with its top at top.
func drawCentered(img *image.RGBA, f font.Face, s string, cx, top int, c color.Color) {
	drawText(img, f, s, cx-textWidth(f, s)/2, top, c)
}

// fit returns the first face in which s is at most maxW pixels wide; if none
// fits, s is shortened with an ellipsis in the last face.
func fitText(s string, maxW int, faces ...font.Face) (font.Face, string) {
	for _, f := range faces {
		if textWidth(f, s) <= maxW {
			return f, s
		}
	}
	f := faces[len(faces)-1]
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; textWidth(f, t) <= maxW {
			return f, t
		}
	}
	return f, string(r)
}

// headerSpan is a run of text or a colour swatch in a header line.
type headerSpan struct {
	text   string
	color  color.RGBA
	swatch bool
}

// lineWidth is the width in pixels of a rasterHeader line drawn in f.
func lineWidth(f font.Face, line []headerSpan) int {
	w := 0
	for _, s := range line {
		if s.swatch {
			w += lineHeight(f) + 6
		} else {
			w += textWidth(f, s.text)
		}
	}
	return w
}

// rasterHeader is the title and explanation lines on top of a raster figure.
type rasterHeader struct {
	fs    *rasterFonts
	title string
	lines [][]headerSpan
	wrap  int // the title is wrapped to lines at most this wide (0: maxWidth)
}

// titleLines is the title wrapped at spaces to the header's width.
func (h rasterHeader) titleLines() []string {
	if h.title == "" {
		return nil
	}
	w := h.wrap
	if w <= 0 {
		w = maxWidth - 2*rasterMargin
	}
	width := func(s string) float64 { return float64(textWidth(h.fs.title, s)) }
	lines := wrapWords(h.title, float64(w), width)
	for i, l := range lines {
		lines[i] = ellipsize(l, float64(maxWidth-2*rasterMargin), width)
	}
	return lines
}

func (h rasterHeader) width() int {
	w := 0
	for _, l := range h.titleLines() {
		w = max(w, textWidth(h.fs.title, l))
	}
	for _, l := range h.lines {
		w = max(w, lineWidth(h.fs.note, l))
	}
	return w
}

func (h rasterHeader) height() int {
	ht := 0
	if t := h.titleLines(); len(t) > 0 {
		ht += len(t)*lineHeight(h.fs.title) + 6
	}
	ht += len(h.lines) * (lineHeight(h.fs.note) + 4)
	if ht > 0 {
		ht += 10
	}
	return ht
}

// draw draws the header with its top-left corner at (x, y).
func (h rasterHeader) draw(img *image.RGBA, x, y int) {
	if t := h.titleLines(); len(t) > 0 {
		for _, l := range t {
			drawText(img, h.fs.title, l, x, y, colText)
			y += lineHeight(h.fs.title)
		}
		y += 6
	}
	lh := lineHeight(h.fs.note)
	for _, l := range h.lines {
		xx := x
		for _, s := range l {
			if s.swatch {
				sz := lh - 6
				fillRect(img, xx, y+3, sz, sz, s.color)
				drawFrame(img, xx, y+3, sz, sz, colFrame)
				xx += lh + 6
				continue
			}
			c := s.color
			if c.A == 0 {
				c = colText
			}
			drawText(img, h.fs.note, s.text, xx, y, c)
			xx += textWidth(h.fs.note, s.text)
		}
		y += lh + 4
	}
}

// newRaster makes a white w×h image.
func newRaster(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fillRect(img, 0, 0, w, h, colPaper)
	return img
}

// writePNG atomically writes img as a PNG file.
func writePNG(path string, img *image.RGBA) error {
	if path == "" {
		return errNoPath
	}
	reportTexts(path, takeRasterTexts(img), img.Bounds())
	return atomicfile.Write(path, func(w io.Writer) error { return png.Encode(w, img) })
}

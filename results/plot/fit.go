package plot

import (
	"image"
	"math"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// This file keeps every text of a figure inside its canvas: titles and
// labels are measured with the font's metrics and wrapped at spaces or, when
// a word alone is too wide, set in a smaller font.

// wrapWords breaks s into lines no wider than maxW as measured by width,
// at spaces (an explicit "\n" always breaks). A word wider than maxW stays
// alone on its line.
func wrapWords(s string, maxW float64, width func(string) float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			switch try := line + " " + w; {
			case line == "":
				line = w
			case width(try) <= maxW:
				line = try
			default:
				lines = append(lines, line)
				line = w
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// widest is the width of the widest line.
func widest(lines []string, width func(string) float64) float64 {
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, width(l))
	}
	return w
}

// ellipsize shortens s with "…" until width(s) ≤ maxW.
func ellipsize(s string, maxW float64, width func(string) float64) string {
	r := []rune(s)
	for len(r) > 1 && width(string(r)) > maxW {
		r = r[:len(r)-1]
		for len(r) > 1 && width(string(r)+"…") > maxW {
			r = r[:len(r)-1]
		}
		return string(r) + "…"
	}
	return s
}

// fitLines sets s in at most maxLines lines no wider than maxW, in the
// largest size from size down to minSize (in steps of half a point) where
// that works; failing that, in minSize with as many lines as it takes, any
// word still too wide shortened with "…". width(s, size) measures s.
func fitLines(s string, maxW, size, minSize float64, maxLines int, width func(string, float64) float64) (float64, []string) {
	for sz := size; sz >= minSize-1e-9; sz -= 0.5 {
		w := func(t string) float64 { return width(t, sz) }
		lines := wrapWords(s, maxW, w)
		if len(lines) <= maxLines && widest(lines, w) <= maxW {
			return sz, balance(s, lines, maxW, w)
		}
	}
	w := func(t string) float64 { return width(t, minSize) }
	lines := wrapWords(s, maxW, w)
	for i, l := range lines {
		lines[i] = ellipsize(l, maxW, w)
	}
	return minSize, lines
}

// balance rewraps s, wrapped in lines no wider than maxW, to the narrowest
// width that takes no more lines, so that a title's last line is not a
// lone word.
func balance(s string, lines []string, maxW float64, width func(string) float64) []string {
	if len(lines) < 2 {
		return lines
	}
	lo, hi := maxW/float64(len(lines)), maxW
	for range 12 {
		mid := (lo + hi) / 2
		if try := wrapWords(s, mid, width); len(try) <= len(lines) && widest(try, width) <= mid {
			hi = mid
		} else {
			lo = mid
		}
	}
	return wrapWords(s, hi, width)
}

// fitStyle fits s (see fitLines) in the font of sty, no smaller than 70%
// of its size, and returns the style in the size chosen with the text,
// lines joined by "\n".
func fitStyle(sty text.Style, s string, maxW vg.Length, maxLines int) (text.Style, string) {
	if s == "" {
		return sty, s
	}
	size := float64(sty.Font.Size)
	width := func(t string, sz float64) float64 {
		f := sty.Font
		f.Size = vg.Length(sz)
		st := sty
		st.Font = f
		return float64(st.Width(t))
	}
	sz, lines := fitLines(s, float64(maxW), size, math.Max(6, math.Floor(0.7*size*2)/2), maxLines, width)
	sty.Font.Size = vg.Length(sz)
	return sty, strings.Join(lines, "\n")
}

// fitAxes fits the title and the axis names of p into the canvas c it is
// about to be drawn in: the title and the x name within c's width, the y
// name (written upright) within its height.
func fitAxes(p *plot.Plot, c vgdraw.Canvas) {
	w, h := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	p.Title.TextStyle, p.Title.Text = fitStyle(p.Title.TextStyle, p.Title.Text, w, 2)
	p.X.Label.TextStyle, p.X.Label.Text = fitStyle(p.X.Label.TextStyle, p.X.Label.Text, w*0.95, 2)
	p.Y.Label.TextStyle, p.Y.Label.Text = fitStyle(p.Y.Label.TextStyle, p.Y.Label.Text, h*0.95, 2)
}

// drawPlot fits p's texts into c and draws it.
func drawPlot(p *plot.Plot, c vgdraw.Canvas) {
	fitAxes(p, c)
	p.Draw(c)
}

// textBox is where one text was drawn, in pixels of the finished image.
type textBox struct {
	text string
	box  image.Rectangle
}

// textCheck, when not nil (in tests), is given every text of every figure
// with where it was drawn and the bounds of the figure.
var (
	textCheckMu sync.Mutex
	textCheck   func(path string, texts []textBox, bounds image.Rectangle)
)

// rasterTexts are the texts drawn into raster figures, by image, kept only
// while textCheck is set.
var rasterTexts = map[*image.RGBA][]textBox{}

func reportTexts(path string, texts []textBox, bounds image.Rectangle) {
	textCheckMu.Lock()
	defer textCheckMu.Unlock()
	if textCheck != nil {
		textCheck(path, texts, bounds)
	}
}

// noteRasterText notes a text drawn into img, when a test is checking.
func noteRasterText(img *image.RGBA, s string, box image.Rectangle) {
	textCheckMu.Lock()
	defer textCheckMu.Unlock()
	if textCheck != nil {
		rasterTexts[img] = append(rasterTexts[img], textBox{s, box})
	}
}

// takeRasterTexts returns and forgets the texts noted for img.
func takeRasterTexts(img *image.RGBA) []textBox {
	textCheckMu.Lock()
	defer textCheckMu.Unlock()
	t := rasterTexts[img]
	delete(rasterTexts, img)
	return t
}

// textRecorder is a canvas that passes everything on to the canvas it
// wraps and notes where each text lands (following the canvas's
// transforms), so that tests can check that no text leaves the figure.
type textRecorder struct {
	vg.CanvasSizer
	m     affine
	stack []affine
	texts []textBox
}

// affine maps (x, y) to (a·x + c·y + e, b·x + d·y + f).
type affine struct{ a, b, c, d, e, f float64 }

func (t affine) apply(x, y float64) (float64, float64) {
	return t.a*x + t.c*y + t.e, t.b*x + t.d*y + t.f
}

func newTextRecorder(c vg.CanvasSizer) *textRecorder {
	return &textRecorder{CanvasSizer: c, m: affine{a: 1, d: 1}}
}

func (r *textRecorder) Translate(pt vg.Point) {
	r.CanvasSizer.Translate(pt)
	r.m.e, r.m.f = r.m.apply(float64(pt.X), float64(pt.Y))
}

func (r *textRecorder) Rotate(rad float64) {
	r.CanvasSizer.Rotate(rad)
	s, c := math.Sin(rad), math.Cos(rad)
	m := r.m
	r.m.a, r.m.b = m.a*c+m.c*s, m.b*c+m.d*s
	r.m.c, r.m.d = -m.a*s+m.c*c, -m.b*s+m.d*c
}

func (r *textRecorder) Scale(x, y float64) {
	r.CanvasSizer.Scale(x, y)
	r.m.a, r.m.b, r.m.c, r.m.d = r.m.a*x, r.m.b*x, r.m.c*y, r.m.d*y
}

func (r *textRecorder) Push() {
	r.CanvasSizer.Push()
	r.stack = append(r.stack, r.m)
}

func (r *textRecorder) Pop() {
	r.CanvasSizer.Pop()
	if n := len(r.stack); n > 0 {
		r.m, r.stack = r.stack[n-1], r.stack[:n-1]
	}
}

func (r *textRecorder) FillString(f font.Face, pt vg.Point, txt string) {
	r.CanvasSizer.FillString(f, pt, txt)
	if f.Font.Size == 0 || strings.TrimSpace(txt) == "" {
		return
	}
	e := f.Extents()
	x0, x1 := float64(pt.X), float64(pt.X+f.Width(txt))
	y0, y1 := float64(pt.Y-e.Descent), float64(pt.Y+e.Ascent)
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, p := range [][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		x, y := r.m.apply(p[0], p[1])
		lo[0], lo[1], hi[0], hi[1] = math.Min(lo[0], x), math.Min(lo[1], y), math.Max(hi[0], x), math.Max(hi[1], y)
	}
	_, h := r.Size()
	dots := func(v float64) int { return int(math.Round(vg.Length(v).Dots(plotDPI))) }
	hd := dots(float64(h))
	r.texts = append(r.texts, textBox{txt, image.Rect(dots(lo[0]), hd-dots(hi[1]), dots(hi[0]), hd-dots(lo[1]))})
}

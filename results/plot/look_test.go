package plot

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

// lookGlyphs returns the 32 glyphs of ../../data/font3.txt when it can be read,
// else 32 random glyphs, labelled "`", "a".."~", "DEL".
func lookGlyphs(r *rand.Rand) Images {
	im := Images{N: 32, Rows: 7, Cols: 5, Pix: make([]float64, 32*35)}
	for i := range 32 {
		c := rune(0x60 + i)
		im.Labels = append(im.Labels, string(c))
	}
	im.Labels[31] = "DEL"
	if f, err := os.Open("../../data/font3.txt"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		i := 0
		for sc.Scan() && i < 32 {
			fs := strings.Fields(sc.Text())
			if len(fs) != 9 || strings.HasPrefix(fs[0], "#") {
				continue
			}
			for r := range 7 {
				b, _ := strconv.ParseUint(fs[2+r], 16, 8)
				for c := range 5 {
					if b&(0x10>>c) != 0 {
						im.Pix[i*35+r*5+c] = 1
					}
				}
			}
			i++
		}
		if i == 32 {
			return im
		}
	}
	for i := range im.Pix {
		if r.Float64() < 0.35 {
			im.Pix[i] = 1
		}
	}
	return im
}

// lookEmoji returns the 56 emoji of ../../data/emoji/emojis_20x20.txt when it
// can be read, else 56 random faces.
func lookEmoji(r *rand.Rand) Images {
	im := Images{N: 56, Rows: 20, Cols: 20, Pix: make([]float64, 56*400)}
	if f, err := os.Open("../../data/emoji/emojis_20x20.txt"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		i := 0
		for sc.Scan() && i < 56 {
			fs := strings.Fields(sc.Text())
			if len(fs) != 402 {
				continue
			}
			im.Labels = append(im.Labels, fs[1])
			for j := range 400 {
				im.Pix[i*400+j], _ = strconv.ParseFloat(fs[2+j], 64)
			}
			i++
		}
		if i == 56 {
			return im
		}
	}
	im.Labels = nil
	for i := range 56 {
		im.Labels = append(im.Labels, fmt.Sprintf("face_%d", i))
		for y := range 20 {
			for x := range 20 {
				d := math.Hypot(float64(x)-9.5, float64(y)-9.5)
				v := 0.0
				if d < 9 {
					v = 0.8
				}
				if (y == 7 && (x == 6 || x == 13)) || (y == 13+i%3 && x > 5 && x < 14) {
					v = 0.2
				}
				im.Pix[i*400+y*20+x] = v
			}
		}
	}
	return im
}

// noisyCopy returns a reconstruction-like copy of im: values pulled toward
// 0.5, noise added, and for binary data a few flipped pixels.
func noisyCopy(r *rand.Rand, im Images, binary bool) Images {
	out := im
	out.Pix = make([]float64, len(im.Pix))
	for i, v := range im.Pix {
		v = 0.1 + 0.8*v + 0.08*r.NormFloat64()
		if binary && r.Float64() < 0.03 {
			v = 1 - v
		}
		out.Pix[i] = clamp01(v)
	}
	return out
}

func subset(im Images, idx ...int) Images {
	out := Images{Rows: im.Rows, Cols: im.Cols, N: len(idx)}
	for _, i := range idx {
		out.Pix = append(out.Pix, im.At(i)...)
		if im.Labels != nil {
			out.Labels = append(out.Labels, im.Labels[i])
		}
	}
	return out
}

func lerpRow(a, b []float64, steps, rows, cols int, slerp bool) Images {
	im := Images{N: steps, Rows: rows, Cols: cols}
	for s := range steps {
		t := float64(s) / float64(steps-1)
		if slerp {
			t = 0.5 - 0.5*math.Cos(math.Pi*t)
		}
		for j := range a {
			im.Pix = append(im.Pix, (1-t)*a[j]+t*b[j])
		}
		im.Labels = append(im.Labels, fmt.Sprintf("%.2f", t))
	}
	return im
}

// lookDenoising returns the 32 glyphs of data.Font(), copies of them with
// flips random pixels flipped each, and a "denoised" output with values
// near 0 and 1 that fixes each flipped pixel with probability fix and
// sometimes gets a pixel wrong elsewhere.
func lookDenoising(r *rand.Rand, flips int, fix float64) (clean, noisy, denoised Images) {
	f := data.Font()
	clean = Images{Pix: f.X, N: f.N, Rows: f.Rows, Cols: f.Cols, Labels: f.Labels}
	noisy, denoised = clean, clean
	noisy.Pix = append([]float64(nil), clean.Pix...)
	denoised.Pix = make([]float64, len(clean.Pix))
	for i := range clean.N {
		nz, out := noisy.At(i), denoised.At(i)
		for j, v := range clean.At(i) {
			out[j] = clamp01(0.05 + 0.9*v + 0.05*r.NormFloat64())
		}
		for _, j := range r.Perm(len(nz))[:flips] {
			nz[j] = 1 - nz[j]
			if r.Float64() >= fix {
				out[j] = 1 - out[j]
			}
		}
		if r.Float64() < 0.05 {
			j := r.IntN(len(out))
			out[j] = 1 - out[j]
		}
	}
	return clean, noisy, denoised
}

// TestLook writes every figure for realistic data into $RESULTS_LOOK so a
// person can look at them; it is skipped when the variable is not set.
func TestLook(t *testing.T) {
	dir := os.Getenv("RESULTS_LOOK")
	if dir == "" {
		t.Skip("set RESULTS_LOOK to a folder to write the figures for viewing")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	g, e := lookGlyphs(r), lookEmoji(r)
	gr, er := noisyCopy(r, g, true), noisyCopy(r, e, false)
	out := func(name string) string { return filepath.Join(dir, name) }
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Error(err)
		}
	}
	check(Reconstructions(out("recon-glyphs.png"), g, gr, true, "font3: glyph | reconstruction (epoch 5000)"))
	check(Reconstructions(out("recon-emoji.png"), e, er, false, "emoji: face | reconstruction"))
	dc, dn, dd := lookDenoising(r, 2, 0.9)
	check(Denoising(out("denoise-glyphs.png"), dc, dn, dd, "denoising autoencoder, font, 2 pixels flipped per glyph"))
	dc, dn, dd = lookDenoising(r, 6, 0.5)
	check(Denoising(out("denoise-glyphs-hard.png"), dc, dn, dd, "6 pixels flipped per glyph, half of them fixed"))
	check(Denoising(out("denoise-glyphs-few.png"), subset(dc, 1, 2, 3), subset(dn, 1, 2, 3), subset(dd, 1, 2, 3), "three glyphs"))

	gen := Images{N: 225, Rows: 7, Cols: 5}
	for i := range 225 {
		a, b := g.At(i%32), g.At((i*7+3)%32)
		w := float64(i%15) / 14
		for j := range a {
			gen.Pix = append(gen.Pix, (1-w)*a[j]+w*b[j]+0.1*r.NormFloat64())
		}
	}
	check(Grid(out("grid-generated.png"), gen, 15, true, "decoded latent grid, z1 × z2 ∈ [-2, 2]"))
	check(Grid(out("grid-glyphs.png"), g, 8, true, "font3 glyphs"))
	check(Grid(out("grid-emoji.png"), e, 8, false, "emoji faces"))
	check(Grid(out("grid-samples-gray.png"), subset(noisyCopy(r, gen, false), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 6, false, "VAE samples"))

	ga, gb := g.At(1), g.At(15)
	ea, eb := e.At(0), e.At(20)
	check(Rows(out("rows-glyphs.png"), []Images{lerpRow(ga, gb, 9, 7, 5, false), lerpRow(ga, gb, 9, 7, 5, true)},
		[]string{"linear a→o", "slerp a→o"}, true, "interpolation between a and o"))
	check(Rows(out("rows-emoji.png"), []Images{lerpRow(ea, eb, 8, 20, 20, false), lerpRow(ea, eb, 8, 20, 20, true)},
		[]string{"linear " + e.Labels[0] + "→" + e.Labels[20], "slerp"}, false, "interpolation between faces"))

	loss := func(n int, lr bool) ([]Curve, []float64) {
		tr, va := make([]float64, n), make([]float64, n)
		var rate []float64
		for i := range n {
			x := float64(i+1) / float64(n)
			tr[i] = 0.5*math.Exp(-6*x) + 0.002 + 0.01*math.Abs(r.NormFloat64())*math.Exp(-3*x)
			va[i] = 0.55*math.Exp(-5*x) + 0.004 + 0.015*math.Abs(r.NormFloat64())*math.Exp(-3*x)
			if lr {
				rate = append(rate, 1e-3*math.Pow(0.5, math.Floor(4*x)))
			}
		}
		return []Curve{{Name: "train loss", Y: tr}, {Name: "validation loss", Y: va}}, rate
	}
	cs, lr := loss(10000, true)
	check(LossFigure(out("loss-10k.png"), cs, lr, "training loss, font3 autoencoder"))
	cs, lr = loss(100000, true)
	check(LossFigure(out("loss-100k.png"), cs, lr, "100,000 epochs"))
	cs, _ = loss(1, false)
	check(LossFigure(out("loss-1.png"), cs, nil, "one epoch"))
	cs, lr = loss(7, true)
	check(LossFigure(out("loss-7.png"), cs, lr, "seven epochs"))

	codes := func(n, dim int, spread float64) []float64 {
		c := make([]float64, n*dim)
		for i := range c {
			c[i] = spread * r.NormFloat64()
		}
		return c
	}
	c1, c2, c3, c5 := codes(32, 1, 1), codes(32, 2, 1), codes(32, 3, 1), codes(32, 5, 2)
	check(Latent(out("latent1-glyphs.png"), c1, 1, g.Labels, nil, "latent space (1-D), font3"))
	check(Latent(out("latent2-glyphs.png"), c2, 2, g.Labels, nil, "latent space, font3"))
	check(Latent(out("latent3-glyphs.png"), c3, 3, g.Labels, nil, "latent space (3-D), font3"))
	check(Latent(out("latent5-glyphs.png"), c5, 5, g.Labels, nil, "latent space (5-D), font3"))
	check(Latent3D(out("latent3d-glyphs.png"), c3, g.Labels, nil, "latent space (3-D), font3"))
	ec1, ec2, ec3 := codes(56, 1, 1), codes(56, 2, 1), codes(56, 3, 1)
	check(Latent(out("latent1-emoji.png"), ec1, 1, e.Labels, &e, "latent space (1-D), emoji"))
	check(Latent(out("latent2-emoji.png"), ec2, 2, e.Labels, &e, "latent space, emoji"))
	check(Latent(out("latent3-emoji.png"), ec3, 3, e.Labels, &e, "latent space (3-D), emoji"))
	check(Latent3D(out("latent3d-emoji.png"), ec3, e.Labels, &e, "latent space (3-D), emoji"))
	check(Latent(out("latent2-dots.png"), ec2, 2, nil, nil, "latent space without labels"))

	wrong := make([]int, 32)
	for i := range wrong {
		if r.Float64() < 0.4 {
			wrong[i] = r.IntN(5)
		}
	}
	check(WrongPixels(out("wrong-pixels.png"), g.Labels, wrong, "wrong pixels per glyph, epoch 5000"))
	check(WrongPixels(out("wrong-pixels-perfect.png"), g.Labels, make([]int, 32), "a perfect model"))
	errs := make([]float64, 56)
	for i := range errs {
		errs[i] = 0.02 + 0.03*r.ExpFloat64()
	}
	check(ErrorBars(out("error-bars.png"), e.Labels, errs, "mean absolute pixel error per face"))

	train := make([]float64, 56)
	for i := range train {
		train[i] = 0.01 + 0.005*r.ExpFloat64()
	}
	scores := make([]float64, 40)
	labels := make([]string, 40)
	for i := range scores {
		scores[i] = 0.01 + 0.006*r.ExpFloat64()
		labels[i] = e.Labels[i]
		if i%9 == 4 {
			scores[i] = 0.05 + 0.05*r.Float64()
			labels[i] = "unseen_" + strconv.Itoa(i)
		}
	}
	check(Outliers(out("outliers.png"), labels, scores, 0.03, nil, train, "reconstruction error of test faces (threshold mean + 3 sd)"))
	logScores := append([]float64(nil), scores...)
	logScores[4] = 20
	check(Outliers(out("outliers-log.png"), labels, logScores, 0.03, nil, nil, "wide range of scores, no training scores"))

	noise := []float64{0, 0.05, 0.1, 0.2, 0.3}
	nl := []string{"0", "0.05", "0.1", "0.2", "0.3"}
	hm := make([][]float64, 5)
	for i := range hm {
		for j := range 5 {
			hm[i] = append(hm[i], math.Round(40*noise[j]/(1+3*noise[i])*10+float64(r.IntN(3))))
		}
	}
	check(Heatmap(out("heatmap.png"), hm, nl, nl, "training noise", "test noise", "wrong pixels, denoising autoencoder"))
	hf := [][]float64{{0.0123, 0.5}, {1.5, 0.25}, {0.1, 0.9}}
	check(Heatmap(out("heatmap-float.png"), hf, []string{"small", "medium", "large"}, []string{"p = 0.1", "p = 0.5"}, "model", "noise", "fractions"))

	ser := []Curve{{Name: "train noise 0", Y: nil}, {Name: "train noise 0.1", Y: nil}, {Name: "train noise 0.3", Y: nil}}
	for k := range ser {
		for _, x := range noise {
			ser[k].Y = append(ser[k].Y, 40*x/(1+float64(k))+float64(k))
		}
	}
	check(Series(out("series.png"), noise, ser, "test noise level", "wrong pixels per glyph", false, "denoising: wrong pixels vs noise"))
	steps := make([]float64, 200)
	diff := []Curve{{Name: "|w − w_ref|", Y: make([]float64, 200)}}
	for i := range steps {
		steps[i] = float64(i)
		diff[0].Y[i] = math.Exp(-float64(i)/30) + 1e-6
	}
	check(Series(out("series-log.png"), steps, diff, "step", "weight difference", true, "weights converge"))
	check(SeriesMarked(out("series-marked.png"), noise, ser, "test noise level", "wrong pixels per glyph", false,
		[]Mark{{Lo: 0, Hi: 0.15, Label: "trained at 0 to 0.15"}}, "denoising, trained on a range of levels"))

	// The figures' forms for bounded codes, for noisy losses and for many samples.
	box := make([]float64, 64)
	for i := range box {
		box[i] = math.Min(1, math.Max(0, 0.5+0.7*r.NormFloat64()))
	}
	check(LatentBox(out("latent-box.png"), box, 2, g.Labels, nil, 0, 1, "sigmoid latent layer: codes piled on the limits"))
	check(latentGridTest(out("latent-grid.png"), "decoded from a 4×3 grid"))
	cs, _ = loss(3000, false)
	cs[0].Noisy = true
	check(LossPanels(out("loss-panels.png"), []LossPanel{{Name: "loss", Curves: cs}, {Name: "KL", Curves: cs[1:]}},
		nil, "a noisy training loss over a clean one, and a second panel"))
	n := 5000
	many, labels := codes(n, 2, 0.6), make([]string, n)
	for i := range labels {
		labels[i] = strconv.Itoa(i % 10)
		many[2*i] += 3 * math.Cos(float64(i%10))
		many[2*i+1] += 3 * math.Sin(float64(i%10))
	}
	check(Latent(out("latent-many.png"), many, 2, labels, nil, "5000 codes of 10 classes"))
}

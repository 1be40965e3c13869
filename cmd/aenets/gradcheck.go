package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
	"github.com/aenets/aenets/nets/check"
	"github.com/aenets/aenets/training"
)

// This file is `aenets gradcheck`, and what it shares with `aenets compare`
// (compare.go): the kinds of net both check, and their settings.

// gradcheckConfig is every setting of `aenets gradcheck`.
type gradcheckConfig struct {
	checkConfig
	gradcheckSettings
}

func (c *gradcheckConfig) groups() []group {
	return append(c.checkConfig.groups(), &c.gradcheckSettings)
}

// gradcheckSettings is what gradcheck checks and how strictly.
type gradcheckSettings struct {
	Batch      int
	Weights    string
	TolEngines float64
	TolFD      float64
	FDStep     float64
	FDMax      int
	Dump       string
}

// defaultFDStep is the step h of the central differences. The AE's loss
// is a mean over n×In elements (35×32 on the font) of about 0.7, computed
// with a rounding error of about 1e-15, so a central difference carries an
// error of about 1e-15/h; its truncation error is h²/6·L‴, L‴ of the order
// of the gradients (1e-4 to 1e-2). Measured (see the README) on the
// default AE and DAE, 35-18-6-2-6-18-35 with MSE, tanh, softplus and
// identity nets and tiny nets of every activation: 1e-5 leaves errors near
// 1e-10 (1.5e-6 of the largest gradient on the default AE), 1e-3 lets
// truncation show (1.3e-6 on a tanh net), and 3e-4 keeps every one below
// 1e-6 (35-18-6-2-6-18-35, whose first layers' gradients are tiny, at 3e-7
// to 8e-7 over seeds 1-6). ReLU nets want smaller steps: a step of h crosses
// the kinks of pre-activations within about h of 0.
const defaultFDStep = 3e-4

func (c *gradcheckSettings) options() options {
	return in("gradcheck",
		option{name: "batch", ptr: &c.Batch, usage: "check on the first this many samples (0 = all)"},
		option{name: "weights", ptr: &c.Weights, usage: "check at this weights.npz (its architecture and, without --data, its data) instead of random weights"},
		option{name: "tol-engines", ptr: &c.TolEngines, usage: "fail when the two engines' gradients (or losses) differ by more than this, relatively"},
		option{name: "tol-fd", ptr: &c.TolFD, usage: "fail when Gorgonia's gradients and the finite differences differ by more than this, relatively"},
		option{name: "fd-step", ptr: &c.FDStep, usage: "step h of the central differences (default 3e-4, 1e-5 for --net vae: see the description)"},
		option{name: "fd-max", ptr: &c.FDMax, usage: "finite differences of at most this many values per tensor, chosen with --seed (0: all; default 20 for --net vae)"},
		option{name: "dump", ptr: &c.Dump, usage: "also write the weights, the batch and the three gradients to this .npz (a folder: its gradcheck.npz)"},
	)
}

func (c *gradcheckSettings) check(map[string]bool) error {
	switch {
	case c.Batch < 0:
		return fmt.Errorf("--batch %d: want ≥ 0 (0 = all samples)", c.Batch)
	case !(c.TolEngines >= 0):
		return fmt.Errorf("--tol-engines %v: want ≥ 0", c.TolEngines)
	case !(c.TolFD >= 0):
		return fmt.Errorf("--tol-fd %v: want ≥ 0", c.TolFD)
	case !(c.FDStep > 0) || math.IsInf(c.FDStep, 0):
		return fmt.Errorf("--fd-step %v: want > 0", c.FDStep)
	case c.FDMax < 0:
		return fmt.Errorf("--fd-max %d: want ≥ 0 (0 = every value)", c.FDMax)
	}
	if c.Dump != "" {
		// A folder gets gradcheck.npz; a file's folder must exist, checked
		// now rather than after the check.
		if st, err := os.Stat(c.Dump); err == nil && st.IsDir() {
			c.Dump = filepath.Join(c.Dump, "gradcheck.npz")
		}
		if st, err := os.Stat(filepath.Dir(c.Dump)); err != nil || !st.IsDir() {
			return fmt.Errorf("--dump %s: no folder %s to write it in", c.Dump, filepath.Dir(c.Dump))
		}
	}
	return nil
}

func gradcheckCommand(env *env) *cli.Command {
	cfg := &gradcheckConfig{checkConfig: defaultCheck(),
		gradcheckSettings: gradcheckSettings{TolEngines: 1e-10, TolFD: 1e-6, FDStep: defaultFDStep}}
	return newCommand("gradcheck", "check every parameter's gradient three ways: Gorgonia, the hand-written engine, finite differences",
		"At the same weights (random from --seed, or --weights), on the same batch (the first --batch samples\n"+
			"of --data) and, for --net dae, the same corrupted input (drawn once; the target stays clean), computes\n"+
			"the loss and the gradient of every parameter by\n"+
			"  (a) Gorgonia's symbolic differentiation (G.Grad),\n"+
			"  (b) the hand-written backprop engine,\n"+
			"  (c) central finite differences (gonum diff/fd) of the loss of Gorgonia's evaluation path,\n"+
			"      (L(θ+h) − L(θ−h))/2h with h = --fd-step. The loss is a mean over every pixel of the batch, so its\n"+
			"      gradients are small (1e-6 to 1e-2) and its rounding error (about 1e-15) weighs: that error/h against\n"+
			"      the truncation error h²·L‴/6 leaves 3e-4, measured, as a step that keeps the difference below 1e-6 of\n"+
			"      the largest gradient on every smooth net tried; relu nets, whose kinks a step can cross, want 1e-5.\n"+
			"      --fd-max bounds the values differenced per tensor (--net vae: 20 of up to 120,000 by default).\n"+
			"Prints a row per parameter tensor: its shape, max |a−b| and max |a−c|, each also relative, and ‖a‖, the\n"+
			"norm of its gradient, where\n"+
			"  "+check.RelDefinition+".\n"+
			"Fails (exit status 1, naming the worst tensor) when rel(a,b) > --tol-engines or rel(a,c) > --tol-fd.\n"+
			"Finite differences measure the engines' gradient only where the loss they compute is smooth. It is\n"+
			"not at rough spots: relu's kink at 0; the sigmoid, which Gorgonia cuts to exactly 1 above 19 while its\n"+
			"gradient stays e^−z; softplus, and BCE (computed on the logits as softplus(z) − x·z), cut to z above 16\n"+
			"while the gradient σ(z) reaches 1 only at 19. Pre-activations within 10 steps of one are counted and\n"+
			"reported; a failure with some is not a wrong gradient. Trained nets, with saturated units, have many:\n"+
			"check them at random weights, or at weights without such units.\n"+netKindsHelp(),
		cfg.groups(), func(given map[string]bool) error {
			return runGradcheck(env, cfg, given)
		})
}

// gradcheck is what runGradcheck computed.
type gradcheck struct {
	spec         nets.Spec
	kind         netKind
	dataName     string
	n            int
	x, t         []float64 // the batch's inputs and targets
	input        string    // what the inputs are: "clean", or the noise
	la, lb, lc   float64
	rows         []check.Row
	rough        []check.RoughCount
	roughChecked bool
}

// archFlags are the options that set the architecture.
var archFlags = []string{"layers", "hidden", "latent", "decoder", "act", "latent-act", "out-act", "tied"}

// weights returns the data, architecture and weights to check at.
func (c *gradcheckConfig) weights(k netKind, given map[string]bool) (*data.Dataset, nets.Spec, *nets.Params, error) {
	if c.Weights == "" {
		ds, err := loadData(c.Data)
		if err != nil {
			return nil, nets.Spec{}, nil, err
		}
		spec, err := k.spec(&c.checkConfig, ds.D, given)
		if err != nil {
			return nil, nets.Spec{}, nil, err
		}
		p, err := nets.NewParams(spec, rng.New(c.Seed, rng.Init))
		return ds, spec, p, err
	}
	info, p, err := nets.LoadWeights(c.Weights)
	if err != nil {
		return nil, nets.Spec{}, nil, err
	}
	spec := info.Spec
	if spec.Kind != k.specKind {
		return nil, nets.Spec{}, nil, fmt.Errorf("weights %s hold a net of kind %s, not one --net %s checks (%s)", c.Weights, spec.Kind, k.name, k.specKind)
	}
	src := c.Data
	if !given["data"] && info.Data != "" {
		src = info.Data
	}
	ds, err := loadData(src)
	if err != nil {
		return nil, nets.Spec{}, nil, fmt.Errorf("data: %w", err)
	}
	// Architecture flags may repeat the file's architecture, not change it.
	var flagged []string
	for _, f := range archFlags {
		if given[f] {
			flagged = append(flagged, "--"+f)
		}
	}
	if len(flagged) > 0 {
		want, err := k.spec(&c.checkConfig, ds.D, given)
		if err != nil {
			return nil, nets.Spec{}, nil, err
		}
		if !given["layers"] && !given["hidden"] && !given["latent"] && !given["decoder"] {
			want.In, want.Encoder, want.Latent, want.Decoder = spec.In, spec.Encoder, spec.Latent, spec.Decoder
		}
		if !given["act"] {
			want.Act = spec.Act
		}
		if !given["latent-act"] {
			want.LatentAct = spec.LatentAct
		}
		if !given["out-act"] {
			want.OutAct = spec.OutAct
		}
		if err := want.SameArchitecture(spec); err != nil {
			return nil, nets.Spec{}, nil, fmt.Errorf("weights %s were trained for another architecture than %s give: %w (the architecture comes from the file: drop the flags)",
				c.Weights, strings.Join(flagged, " "), err)
		}
	}
	if given["loss"] {
		spec.Loss = c.Loss
	}
	if given["beta"] { // the objective's weights may differ from the file's, as the loss may
		spec.Beta = c.Beta
	}
	if given["free-bits"] {
		spec.FreeBits = c.FreeBits
	}
	if err := spec.Check(); err != nil {
		return nil, nets.Spec{}, nil, fmt.Errorf("weights %s with --loss %s: %w", c.Weights, c.Loss, err)
	}
	if err := spec.CheckData(ds.D); err != nil {
		return nil, nets.Spec{}, nil, fmt.Errorf("weights %s on %s: %w", c.Weights, ds.Name, err)
	}
	return ds, spec, p, nil
}

// differentiable builds spec on one engine and wants it to report gradients.
func differentiable(engine string, build func(nets.Spec, *nets.Params, nets.Adam, ...int) (nets.Model, error),
	spec nets.Spec, p *nets.Params, n int) (nets.Differentiable, error) {
	m, err := build(spec, p, nets.Adam{}, n)
	if err != nil {
		return nil, fmt.Errorf("%s engine: %w", engine, err)
	}
	d, ok := m.(nets.Differentiable)
	if !ok {
		return nil, fmt.Errorf("%s engine: its %s model does not report gradients", engine, spec.Kind)
	}
	return d, nil
}

func (c *gradcheckConfig) compute(given map[string]bool) (*gradcheck, error) {
	k, err := c.kind(optionsOf(c.groups()), given)
	if err != nil {
		return nil, err
	}
	if c.Weights != "" && given["seed"] && !k.seeded {
		return nil, fmt.Errorf("--seed: with --weights, --net %s draws nothing at random", k.name)
	}
	ds, spec, p, err := c.weights(k, given)
	if err != nil {
		return nil, err
	}
	if err := backprop.Supports(spec); err != nil {
		return nil, err
	}
	n := c.Batch
	if n == 0 || n > ds.N {
		n = ds.N
	}
	noise, err := k.noise(&c.checkConfig, ds.D, given)
	if err != nil {
		return nil, err
	}
	// One full batch of the first n samples, corrupted as training's first
	// epoch would corrupt it.
	first := make([]int, n)
	for i := range first {
		first[i] = i
	}
	batches := training.NewBatcher(ds.Subset(first), 0, noise, c.Seed)
	batches.Epoch()
	x, t, _, _ := batches.Next()

	ga, err := differentiable("gorgonia", nets.Build, spec, p.Clone(), n)
	if err != nil {
		return nil, err
	}
	gb, err := differentiable("backprop", backprop.Build, spec, p.Clone(), n)
	if err != nil {
		return nil, err
	}
	if k.prepare != nil {
		if err := k.prepare(&c.checkConfig, n, true, ga, gb); err != nil {
			return nil, err
		}
	}
	r := &gradcheck{spec: spec, kind: k, dataName: ds.Name, n: n, x: x, t: t, input: inputName(noise)}
	var a, b [][]float64
	if r.la, a, err = ga.Gradients(x, t, n); err != nil {
		return nil, fmt.Errorf("gorgonia engine: %w", err)
	}
	if r.lb, b, err = gb.Gradients(x, t, n); err != nil {
		return nil, fmt.Errorf("backprop engine: %w", err)
	}
	fdMax := c.FDMax
	if !given["fd-max"] {
		fdMax = k.fdMax
	}
	if !given["fd-step"] && k.fdStep > 0 {
		c.FDStep = k.fdStep
	}
	picked := check.PickCoordinates(p, fdMax, c.Seed)
	loss := k.fdLoss
	if loss == nil {
		loss = func(m nets.Model, x, t []float64, n int) (float64, error) { return m.Evaluate(x, t, n, nil, nil) }
	}
	fdc, lc, err := check.FiniteDifferences(ga.Params(), func() (float64, error) { return loss(ga, x, t, n) }, c.FDStep, picked)
	if err != nil {
		return nil, err
	}
	r.lc = lc
	r.rows = check.CompareGradients(p, a, b, fdc, picked)
	pa, ok := gb.(check.PreActivator)
	if !ok {
		return nil, fmt.Errorf("backprop engine: its %s model does not report pre-activations", spec.Kind)
	}
	if r.rough, r.roughChecked, err = check.Rough(pa, x, n, check.RoughFactor*c.FDStep); err != nil {
		return nil, fmt.Errorf("backprop engine: %w", err)
	}
	return r, nil
}

func (k netKind) fdLossName() string {
	if k.fdLoss == nil {
		return "Gorgonia's evaluation loss"
	}
	return k.fdAbout
}

func shapeString(s []int) string {
	p := make([]string, len(s))
	for i, v := range s {
		p[i] = strconv.Itoa(v)
	}
	return strings.Join(p, "×")
}

func (r *gradcheck) print(w io.Writer, c *gradcheckConfig) {
	s := r.spec
	start := fmt.Sprintf("random (seed %d)", c.Seed)
	if c.Weights != "" {
		start = c.Weights
	}
	loss := s.Loss
	if s.IsVAE() {
		loss = fmt.Sprintf("%s + %g·KL", s.Loss, s.Beta)
	}
	fmt.Fprintf(w, "aenets gradcheck: %s %s (%s/%s/%s, %s) on %s, %d samples, input %s, weights %s\n",
		r.kind.name, s.LayerString(), s.Act, s.LatentAct, s.OutAct, loss, r.dataName, r.n, r.input, start)
	fmt.Fprintf(w, "a = Gorgonia (symbolic), b = backprop (by hand), c = central differences of %s, step %g\n", r.kind.fdLossName(), c.FDStep)
	fmt.Fprintf(w, "%s\n\n", check.RelDefinition)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "tensor\tshape\tmax|a−b|\trel a:b\tmax|a−c|\trel a:c\tc taken\t‖a‖")
	for _, row := range r.rows {
		fmt.Fprintf(tw, "%s\t%s\t%.3g\t%.3g\t%.3g\t%.3g\t%d/%d\t%.4g\n", row.Name, shapeString(row.Shape),
			row.AB, row.RelAB, row.AC, row.RelAC, row.Checked, len(row.A), row.Norm)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nloss: a %.17g, b %.17g (|a−b| %.3g), c %.17g (%s, |a−c| %.3g)\n",
		r.la, r.lb, math.Abs(r.la-r.lb), r.lc, r.kind.fdLossName(), math.Abs(r.la-r.lc))
	if !r.roughChecked {
		fmt.Fprintln(w, "rough spots: not checked (the net is not a plain stack of layers of known activations)")
	} else if len(r.rough) > 0 {
		var parts []string
		for _, k := range r.rough {
			parts = append(parts, fmt.Sprintf("%s %d of %d", k.Layer, k.Near, k.Values))
		}
		fmt.Fprintf(w, "rough spots (%s), pre-activations within %.3g of one: %s\n", check.RoughNote, check.RoughFactor*c.FDStep, strings.Join(parts, ", "))
	}
}

// verdict is nil when the engines and the finite differences agree within
// the tolerances, else an error naming the worst tensor of each failing check.
func (r *gradcheck) verdict(c *gradcheckConfig) error {
	err := check.Verdict(r.rows, r.la, r.lb, check.Tolerances{Engines: c.TolEngines, FD: c.TolFD}, r.rough, check.RoughFactor*c.FDStep)
	var f *check.Failure
	if !errors.As(err, &f) {
		return err
	}
	var problems []string
	if w := f.Engines; w != nil {
		problems = append(problems, fmt.Sprintf("the engines' gradients of %s differ by %.3g relative (max |a−b| %.3g) > --tol-engines %g",
			w.Name, w.RelAB, w.AB, c.TolEngines))
	}
	if f.LossesDiffer {
		problems = append(problems, fmt.Sprintf("the engines' losses differ: %.17g and %.17g", r.la, r.lb))
	}
	if w := f.FD; w != nil {
		p := fmt.Sprintf("finite differences of %s differ from Gorgonia's gradient by %.3g relative (max |a−c| %.3g) > --tol-fd %g",
			w.Name, w.RelAC, w.AC, c.TolFD)
		if f.Rough > 0 {
			p += fmt.Sprintf(" (%d pre-activations lie within %.3g of a rough spot, where finite differences do not measure the engines' gradient: see --help)", f.Rough, f.Margin)
		}
		problems = append(problems, p)
	}
	return fmt.Errorf("gradcheck failed: %s", strings.Join(problems, "; "))
}

func runGradcheck(env *env, cfg *gradcheckConfig, given map[string]bool) error {
	r, err := cfg.compute(given)
	if err != nil {
		return err
	}
	r.print(env.stdout, cfg)
	if cfg.Dump != "" {
		if err := r.dump(cfg.Dump, cfg); err != nil {
			return fmt.Errorf("--dump: %w", err)
		}
		fmt.Fprintf(env.stdout, "wrote %s\n", cfg.Dump)
	}
	if err := r.verdict(cfg); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "ok: a and b within %g, a and c within %g (relative)\n", cfg.TolEngines, cfg.TolFD)
	return nil
}

// gradcheckFormat identifies gradcheck's dump files.
const gradcheckFormat = "aenets-gradcheck/1"

package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/results/plot"
)

// generateConfig is every setting of `aenets sample` and `aenets interpolate`.
type generateConfig struct {
	Weights string
	Data    string
	N       int
	Seed    uint64
	From    string
	To      string
	Steps   int
	Raw     bool
	Out     string
	Quiet   bool
}

// common is the settings sample and interpolate share.
func (c *generateConfig) common(command string) []group {
	return []group{
		commandSettings(catData, nil,
			option{name: "weights", ptr: &c.Weights, usage: "weights.npz of a trained " + map[bool]string{true: "VAE", false: "AE or VAE"}[command == "sample"] + " (required)"},
			option{name: "data", ptr: &c.Data, usage: "the data the weights were trained on, for image shapes and codes (default: as recorded in the weights file)"}),
		commandSettings(catOutput, nil,
			option{name: "raw", ptr: &c.Raw, usage: "also write the codes and decoded values as .npz"},
			option{name: "out", ptr: &c.Out, transient: true, usage: "output folder (default " + results.RunsDir + "/" + command + "-<date>-<time>)"},
			option{name: "quiet", ptr: &c.Quiet, transient: true, usage: "print only the output folder's path (on stdout), for scripts"}),
	}
}

// loaded is a trained model from a weights file, with its data.
type loaded struct {
	model nets.Model
	ds    *data.Dataset
}

// load builds the model of a weights file (which must hold a VAE if
// needVAE) and loads the data it was trained on.
func (c *generateConfig) load(command string, needVAE bool) (*loaded, error) {
	if c.Weights == "" {
		return nil, fmt.Errorf("%s: --weights is required (a weights.npz from `aenets %s`)", command, map[bool]string{true: "vae", false: "ae` or `aenets vae"}[needVAE])
	}
	info, params, err := nets.LoadWeights(c.Weights)
	if err != nil {
		return nil, err
	}
	if needVAE && !info.Spec.IsVAE() {
		return nil, fmt.Errorf("%s draws z ~ N(0, I): it needs a VAE's weights, and %s holds a %s", command, c.Weights, info.Spec.Kind)
	}
	src := c.Data
	if src == "" {
		if src = info.Data; src == "" {
			return nil, fmt.Errorf("the weights file does not record its data; give --data")
		}
	}
	ds, err := loadData(src)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	if err := info.Spec.CheckData(ds.D); err != nil {
		return nil, fmt.Errorf("%s: %w", ds.Name, err)
	}
	m, err := nets.Build(info.Spec, params, nets.Adam{})
	if err != nil {
		return nil, err
	}
	return &loaded{model: m, ds: ds}, nil
}

func sampleCommand(env *env) *cli.Command {
	cfg := &generateConfig{N: 64, Seed: 1}
	groups := append(cfg.common("sample"), commandSettings("sample", func() error {
		if cfg.N <= 0 || cfg.N > 10000 {
			return fmt.Errorf("--n %d: want 1 to 10000", cfg.N)
		}
		return nil
	},
		option{name: "n", ptr: &cfg.N, usage: "how many samples"},
		option{name: "seed", ptr: &cfg.Seed, usage: "seed of the draws of z"}))
	return newCommand("sample", "decode new samples z ~ N(0, I) with a trained VAE (no retraining)",
		"Writes samples.png (and samples.npz with --raw: z, n×latent, and x, n×pixels).",
		groups, func(given map[string]bool) error {
			l, err := cfg.load("sample", true)
			if err != nil {
				return err
			}
			dir, err := results.NewRunDir(cfg.Out, "sample", time.Now())
			if err != nil {
				return err
			}
			k := l.model.Spec().Latent
			r := rng.New(cfg.Seed, rng.Sample)
			z := make([]float64, cfg.N*k)
			for i := range z {
				z[i] = r.NormFloat64()
			}
			x := make([]float64, cfg.N*l.ds.D)
			if err := l.model.Decode(z, cfg.N, x); err != nil {
				return err
			}
			imgs := plot.Images{Pix: x, N: cfg.N, Rows: l.ds.Rows, Cols: l.ds.Cols}
			title := fmt.Sprintf("VAE %s: %d samples, z ~ N(0, I), seed %d", l.model.Spec().LayerString(), cfg.N, cfg.Seed)
			if err := plot.Grid(filepath.Join(dir, "samples.png"), imgs, results.GridCols(cfg.N), l.ds.Binary(), title); err != nil {
				return err
			}
			if cfg.Raw {
				if err := results.WriteArrays(filepath.Join(dir, "samples.npz"),
					results.Array{Name: "z", Rows: cfg.N, Cols: k, Data: z},
					results.Array{Name: "x", Rows: cfg.N, Cols: l.ds.D, Data: x}); err != nil {
					return err
				}
			}
			env.done(cfg.Quiet, dir, "%d samples → %s\n", cfg.N, dir)
			return nil
		})
}

func interpolateCommand(env *env) *cli.Command {
	cfg := &generateConfig{Steps: 9}
	groups := append(cfg.common("interpolate"), commandSettings("interpolate", func() error {
		if cfg.From == "" || cfg.To == "" {
			return fmt.Errorf("interpolate: give --from and --to (labels of the data)")
		}
		if cfg.Steps < 2 || cfg.Steps > 200 {
			return fmt.Errorf("--steps %d: want 2 to 200", cfg.Steps)
		}
		return nil
	},
		option{name: "from", ptr: &cfg.From, usage: "label of the sample to start from (required)"},
		option{name: "to", ptr: &cfg.To, usage: "label of the sample to end at (required)"},
		option{name: "steps", ptr: &cfg.Steps, usage: "decodings along the way, ends included"}))
	return newCommand("interpolate", "decode the way between two samples' codes (an AE's code or a VAE's μ), along the line and the great circle",
		"Writes interpolation.png (a linear and a spherical row, framed by the two samples), and with --raw\n"+
			"interpolation.npz: z_linear, x_linear, z_slerp, x_slerp.",
		groups, func(given map[string]bool) error {
			l, err := cfg.load("interpolate", false)
			if err != nil {
				return err
			}
			a, err := labelIndex(l.ds, cfg.From)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			b, err := labelIndex(l.ds, cfg.To)
			if err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			dir, err := results.NewRunDir(cfg.Out, "interpolate", time.Now())
			if err != nil {
				return err
			}
			spec := l.model.Spec()
			k := spec.Latent
			mu := make([]float64, l.ds.N*k)
			if _, err := l.model.Evaluate(l.ds.X, l.ds.X, l.ds.N, nil, mu); err != nil {
				return err
			}
			title := fmt.Sprintf("%s %s", map[bool]string{true: "VAE", false: "AE"}[spec.IsVAE()], spec.LayerString())
			if err := results.InterpolationFigure(filepath.Join(dir, "interpolation.png"), l.model, l.ds, mu, [][2]int{{a, b}}, cfg.Steps, title); err != nil {
				return err
			}
			if cfg.Raw {
				var arrays []results.Array
				for _, slerp := range []bool{false, true} {
					im, z, err := results.Interpolate(l.model, mu[a*k:(a+1)*k], mu[b*k:(b+1)*k], cfg.Steps, slerp, l.ds.Rows, l.ds.Cols)
					if err != nil {
						return err
					}
					name := map[bool]string{false: "linear", true: "slerp"}[slerp]
					arrays = append(arrays, results.Array{Name: "z_" + name, Rows: cfg.Steps, Cols: k, Data: z},
						results.Array{Name: "x_" + name, Rows: cfg.Steps, Cols: l.ds.D, Data: im.Pix})
				}
				if err := results.WriteArrays(filepath.Join(dir, "interpolation.npz"), arrays...); err != nil {
					return err
				}
			}
			env.done(cfg.Quiet, dir, "%s → %s in %d steps → %s\n", cfg.From, cfg.To, cfg.Steps, dir)
			return nil
		})
}

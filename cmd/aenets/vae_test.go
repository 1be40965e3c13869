package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npz"
)

var tinyVAE = []string{"--hidden", "16", "--latent", "2", "--epochs", "5", "--samples", "4", "--grid", "3", "--steps", "3"}

func TestVAERunFolderSampleInterpolate(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "vae")
	stdout, stderr, err := run(t, append([]string{"vae", "--out", dir, "--kl-warmup", "3"}, tinyVAE...)...)
	if err != nil {
		t.Fatal(err, stderr)
	}
	if !strings.Contains(stdout, "mean absolute pixel error") || !strings.Contains(stderr, "recon") {
		t.Errorf("stdout %q\nstderr %q", stdout, stderr)
	}
	for _, f := range []string{"config.json", "metrics.json", "weights.npz", "loss.png", "reconstructions.png", "errors.png",
		"latent.png", "samples.png", "traversal.png", "grid.png", "interpolation.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	var m map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"command", "samples", "latent", "epochs_run", "final_loss", "recon_loss", "kl",
		"mean_abs_pixel_error", "abs_pixel_error", "labels", "seed", "seconds", "us_per_epoch", "blas",
		"active_units", "mu_var", "kl_per_dim", "sigma_mean", "neg_elbo", "sample_nearest_mae"} {
		if _, ok := m[k]; !ok {
			t.Errorf("metrics.json lacks %q", k)
		}
	}
	if m["command"] != "vae" || m["samples"] != 56.0 || m["latent"] != 2.0 || len(m["abs_pixel_error"].([]any)) != 56 {
		t.Errorf("metrics %v", m)
	}
	if fl, rl, kl := m["final_loss"].(float64), m["recon_loss"].(float64), m["kl"].(float64); fl != rl+kl {
		t.Errorf("final loss %v ≠ recon %v + 1·KL %v", fl, rl, kl)
	}
	if d, kl := m["kl_per_dim"].([]any), m["kl"].(float64); len(d) != 2 || math.Abs(d[0].(float64)+d[1].(float64)-kl) > 1e-9*kl {
		t.Errorf("KL per dimension %v, KL %v", d, kl)
	}
	if a := m["active_units"].(float64); a < 0 || a > 2 || !(m["neg_elbo"].(float64) > 0) || !(m["sample_nearest_mae"].(float64) > 0) {
		t.Errorf("active units %v, negative ELBO %v, samples' error %v", a, m["neg_elbo"], m["sample_nearest_mae"])
	}
	w := filepath.Join(dir, "weights.npz")
	s := filepath.Join(base, "s")
	if _, stderr, err := run(t, "sample", "--weights", w, "--n", "5", "--raw", "--out", s); err != nil {
		t.Fatal(err, stderr)
	}
	r, err := npz.Open(filepath.Join(s, "samples.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if h := r.Header("x.npy"); h == nil || h.Descr.Shape[0] != 5 || h.Descr.Shape[1] != 400 {
		t.Errorf("samples.npz x: %v", h)
	}
	r.Close()
	i := filepath.Join(base, "i")
	if _, stderr, err := run(t, "interpolate", "--weights", w, "--from", "grinning", "--to", "angry", "--steps", "4", "--raw", "--out", i); err != nil {
		t.Fatal(err, stderr)
	}
	for _, f := range []string{"interpolation.png", "interpolation.npz"} {
		if _, err := os.Stat(filepath.Join(i, f)); err != nil {
			t.Error(err)
		}
	}
	// The same seed gives the same samples.
	s2 := filepath.Join(base, "s2")
	run(t, "sample", "--weights", w, "--n", "5", "--raw", "--out", s2)
	a, _ := os.ReadFile(filepath.Join(s, "samples.npz"))
	c, _ := os.ReadFile(filepath.Join(s2, "samples.npz"))
	if string(a) != string(c) {
		t.Error("same seed, different samples")
	}
	// Bad input around a saved VAE.
	ae := filepath.Join(base, "ae")
	if _, _, err := run(t, "ae", "--quiet", "--out", ae, "--epochs", "2", "--grid", "2", "--steps", "2"); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"sample", "--weights", filepath.Join(ae, "weights.npz")}, "needs a VAE"},
		{[]string{"sample"}, "--weights is required"},
		{[]string{"sample", "--weights", w, "--n", "0"}, "--n 0"},
		{[]string{"interpolate", "--weights", w, "--from", "grinning", "--to", "nope"}, `no sample labelled "nope"`},
		{[]string{"interpolate", "--weights", w, "--from", "grinning"}, "--from and --to"},
		{[]string{"outliers", "--weights", w}, "holds a VAE, which it does not score"},
		{[]string{"interpolate", "--weights", w, "--from", "grinning", "--to", "angry", "--data", "font"}, "the data has 35"},
		{[]string{"vae", "--latent", "0"}, "--latent 0"},
		{[]string{"vae", "--beta", "-1"}, "--beta -1"},
		{[]string{"vae", "--free-bits", "-1"}, "--free-bits -1"},
		{[]string{"vae", "--kl-cycles", "2", "--kl-warmup", "3"}, "not both"},
		{[]string{"vae", "--kl-cycles", "-1"}, "--kl-cycles -1"},
		{[]string{"vae", "--kl-cycles", "2", "--kl-ramp", "0"}, "--kl-ramp 0"},
		{[]string{"vae", "--data", "font", "--layers", "400,100,3,100,400"}, "the data has 35"},
		{[]string{"vae", "--pairs", "grinning:nope"}, `no sample labelled "nope"`},
		{[]string{"vae", "--init-weights", filepath.Join(ae, "weights.npz")}, "another architecture"},
		{[]string{"vae", "--latent-act", "sigmoid"}, "flag provided but not defined"},
	}
	for k, c := range bad {
		_, _, err := run(t, append(c.args, "--quiet", "--out", filepath.Join(base, "bad", string(rune('a'+k))))...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
}

// TestVAEDefaultUsesItsLatentSpace: the default `aenets vae` (latent 3,
// free bits), cut to 150 epochs, already has all three dimensions active,
// where without free bits it has one (measured: Var of μ 0.006, 0.005,
// 0.71). It runs on the hand-written engine, whose numbers are Gorgonia's
// bit for bit, in a third of the time.
func TestVAEDefaultUsesItsLatentSpace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vae")
	if _, stderr, err := run(t, "vae", "--quiet", "--engine", "backprop", "--epochs", "150", "--samples", "4", "--out", dir); err != nil {
		t.Fatal(err, stderr)
	}
	var m struct {
		ActiveUnits int       `json:"active_units"`
		MuVar       []float64 `json:"mu_var"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.ActiveUnits < 3 {
		t.Errorf("%d active dimensions after 150 epochs (variance of μ %v), want all 3", m.ActiveUnits, m.MuVar)
	}
}

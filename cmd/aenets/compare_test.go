package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/check"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/noise"
)

func readCompare(t *testing.T, dir string) *results.CompareMetrics {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m results.CompareMetrics
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("%s: %v", path, err)
	}
}

// TestCompareAE: the engines train the default AE in lockstep for 300 steps
// and stay within 1e-9 (they are built to agree bit for bit).
func TestCompareAE(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	stdout, stderr, err := run(t, "compare", "--net", "ae", "--steps", "300", "--out", dir)
	if err != nil {
		t.Fatal(err, stderr)
	}
	m := readCompare(t, dir)
	if m.Steps != 300 || m.Net != "ae" || m.Batch != 32 || m.MaxWeightDiff > 1e-9 || m.MaxLossDiff > 1e-9 || m.FirstDriftStep != nil {
		t.Fatalf("metrics: steps %d, net %s, batch %d, max |Δw| %g, |Δloss| %g, first drift %v",
			m.Steps, m.Net, m.Batch, m.MaxWeightDiff, m.MaxLossDiff, m.FirstDriftStep)
	}
	if m.MaxWeightDiff != 0 {
		t.Logf("weights differ by %g (expected 0 on amd64): first difference at step %d", m.MaxWeightDiff, *m.FirstDiffStep)
	}
	h := readCSV(t, filepath.Join(dir, "history.csv"))
	if strings.Join(h[0], ",") != "step,weight_diff,loss_diff,loss_gorgonia,loss_backprop" || len(h) != 301 ||
		!(atof(t, h[300][3]) < atof(t, h[1][3])) {
		t.Errorf("history.csv: %d rows, header %v, loss %v → %v", len(h), h[0], h[1], h[len(h)-1])
	}
	if !(m.USPerStepGorgonia > 0 && m.USPerStepBackprop > 0 && m.Speedup > 0) {
		t.Errorf("timings %v, %v, %v", m.USPerStepGorgonia, m.USPerStepBackprop, m.Speedup)
	}
	// metrics.json has the documented keys, first_drift_step null when there is none.
	var raw map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, "metrics.json"))
	json.Unmarshal(b, &raw)
	for _, k := range []string{"steps", "first_drift_step", "max_weight_diff", "max_loss_diff", "us_per_step_gorgonia", "us_per_step_backprop"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("metrics.json lacks %q", k)
		}
	}
	if raw["first_drift_step"] != nil {
		t.Errorf("first_drift_step %v", raw["first_drift_step"])
	}
	// A table row every 30 steps, then the summary.
	if strings.Count(stdout, "\n") < 14 || !strings.Contains(stdout, "  300  ") ||
		!strings.Contains(stdout, "never differ by more than 1e-09 within 300 steps") || !strings.Contains(stdout, "µs per step") {
		t.Errorf("stdout:\n%s", stdout)
	}
	checkPNG(t, filepath.Join(dir, "compare.png"))
	var cfg map[string]any
	b, _ = os.ReadFile(filepath.Join(dir, "config.json"))
	json.Unmarshal(b, &cfg)
	if cfg["command"] != "compare" || cfg["steps"] != 300.0 || cfg["net"] != "ae" || cfg["hidden"].([]any)[0] != 17.0 {
		t.Errorf("config.json %v", cfg)
	}
	if _, ok := cfg["noise"]; ok {
		t.Error("config.json of --net ae records --noise, which a rerun would refuse")
	}
}

func TestCompareDAE(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	if _, stderr, err := run(t, "compare", "--net", "dae", "--steps", "50", "--quiet", "--out", dir); err != nil {
		t.Fatal(err, stderr)
	}
	for _, f := range []string{"compare.png", "metrics.json", "config.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	checkPNG(t, filepath.Join(dir, "compare.png"))
	m := readCompare(t, dir)
	if m.Steps != 50 || m.Net != "dae" || m.Input != "salt-pepper 0.1" || m.MaxWeightDiff > 1e-9 {
		t.Errorf("metrics %+v", m)
	}
	// Rerun from config.json: the same numbers but the timings.
	dir2 := filepath.Join(t.TempDir(), "d2")
	if _, stderr, err := run(t, "compare", "--quiet", "--out", dir2, "--config", filepath.Join(dir, "config.json")); err != nil {
		t.Fatal(err, stderr)
	}
	m2 := readCompare(t, dir2)
	for _, mm := range []*results.CompareMetrics{m, m2} {
		mm.USPerStepGorgonia, mm.USPerStepBackprop, mm.Speedup = 0, 0, 0
	}
	j1, _ := json.Marshal(m)
	j2, _ := json.Marshal(m2)
	if !bytes.Equal(j1, j2) {
		t.Errorf("rerun differs:\n%s\n%s", j1, j2)
	}
}

// TestCompareFeedsWhatTrainingFeeds: compare's Gorgonia model, stepped on
// minibatches of a DAE, ends with the weights training.Train gives the same
// net with the same seed: the same shuffles, the same noise.
func TestCompareFeedsWhatTrainingFeeds(t *testing.T) {
	cfg := defaultCompare()
	cfg.TrainSteps = 21
	cfg.Net, cfg.Hidden, cfg.Batch, cfg.Seed, cfg.Noise, cfg.P = "dae", intList{6}, 5, 4, "flip", 0.15
	given := map[string]bool{}
	k, err := cfg.kind(given)
	if err != nil {
		t.Fatal(err)
	}
	l, spec, err := cfg.newLockstep(k, given)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.run(cfg.TrainSteps, func(check.Step) bool { return true }); err != nil {
		t.Fatal(err)
	}
	ds := data.Font()
	m, err := nets.Build(spec, must(nets.NewParams(spec, rng.New(cfg.Seed, rng.Init))), cfg.adam(), 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	// 32 samples in batches of 5: 7 steps an epoch, 3 epochs.
	_, err = training.Train(m, ds, training.Config{Epochs: 3, Batch: 5, Goal: -1, Seed: cfg.Seed,
		Noise: &noise.Noise{Model: noise.Flip{}, Level: 0.15}})
	if err != nil {
		t.Fatal(err)
	}
	if d := m.Params().MaxAbsDiff(l.g.Params()); d != 0 {
		t.Errorf("compare and training.Train end %g apart", d)
	}
	if d := l.h.Params().MaxAbsDiff(l.g.Params()); d > 1e-9 {
		t.Errorf("engines %g apart", d)
	}
}

// TestCompareDiverged: a loss that becomes infinite ends the run with an
// error, after writing what came before.
func TestCompareDiverged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	_, _, err := run(t, "compare", "--quiet", "--out", dir, "--steps", "50", "--act", "identity", "--latent-act", "identity",
		"--out-act", "identity", "--loss", "mse", "--lr", "1e80")
	if err == nil || !strings.Contains(err.Error(), "diverged") {
		t.Fatalf("error %v", err)
	}
	if m := readCompare(t, dir); m.Steps < 1 || m.Steps >= 50 {
		t.Errorf("%d steps recorded", m.Steps)
	}
}

func TestCompareFigureZerosAndValues(t *testing.T) {
	dir := t.TempDir()
	m := &results.CompareMetrics{Steps: 4, Drift: 1e-9}
	m.Series.WeightDiff = []float64{0, 0, 3e-20, 2e-12}
	m.Series.LossDiff = []float64{0, 1e-17, 0, 5e-14}
	if err := compareFigure(filepath.Join(dir, "a.png"), m, netKinds[0], nets.DefaultAE(35)); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, filepath.Join(dir, "a.png"))
	m.Series.WeightDiff, m.Series.LossDiff = make([]float64, 4), make([]float64, 4)
	m.Drift = 0
	if err := compareFigure(filepath.Join(dir, "b.png"), m, netKinds[0], nets.DefaultAE(35)); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, filepath.Join(dir, "b.png"))
}

func TestCompareBadInput(t *testing.T) {
	base := t.TempDir()
	other := filepath.Join(base, "other.npz")
	spec := must(nets.Spec{Kind: nets.KindAE, Act: "sigmoid", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce"}.WithLayers([]int{35, 8, 2, 8, 35}))
	if err := nets.SaveWeights(other, nets.Info{Spec: spec, Data: "font"}, must(nets.Zeros(spec))); err != nil {
		t.Fatal(err)
	}
	same := filepath.Join(base, "same.npz")
	if err := nets.SaveWeights(same, nets.Info{Spec: nets.DefaultAE(35), Data: "font"}, must(nets.Zeros(nets.DefaultAE(35)))); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--net", "gan"}, `--net "gan": want ae or dae`},
		{[]string{"--init-weights", same, "--seed", "2"}, "draws nothing at random"},
		{[]string{"--steps", "0"}, "--steps 0: want > 0"},
		{[]string{"--steps", "-5"}, "--steps -5: want > 0"},
		{[]string{"--drift", "-1"}, "--drift -1"},
		{[]string{"--lr", "0"}, "--lr 0"},
		{[]string{"--noise", "flip"}, "--noise applies to --net dae only"},
		{[]string{"--net", "dae", "--noise", "speckle"}, `unknown noise "speckle"`},
		{[]string{"--init-weights", other}, "another architecture"},
		{[]string{"--layers", "35,2,30"}, "differs from the input width"},
		{[]string{"--schedule", "fixed"}, "flag provided but not defined"},
	}
	for _, c := range cases {
		out := filepath.Join(base, "out-"+strings.NewReplacer("/", "_", " ", "_").Replace(strings.Join(c.args, "_")))
		_, _, err := run(t, append([]string{"compare", "--quiet", "--steps", "3", "--out", out}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	// From the binary: exit status 1, one line on stderr.
	for _, args := range [][]string{{"compare", "--steps", "0"}, {"compare", "--net", "vae2"}, {"compare", "--init-weights", other, "--out", filepath.Join(base, "x")}} {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "AENETS_TEST_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if s := strings.TrimSpace(stderr.String()); err == nil || s == "" || strings.Contains(s, "\n") || strings.Contains(s, "panic") {
			t.Errorf("%v: %v, stderr %q", args, err, s)
		}
	}
}

// TestCompareVAE: both engines draw ε from the same stream and stay identical.
func TestCompareVAE(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	stdout, stderr, err := run(t, "compare", "--net", "vae", "--hidden", "16", "--latent", "2", "--steps", "20", "--out", dir)
	if err != nil {
		t.Fatal(err, stderr)
	}
	if !strings.Contains(stdout, "never") {
		t.Errorf("the engines drifted apart:\n%s", stdout)
	}
	var m results.CompareMetrics
	b, _ := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.MaxWeightDiff > 1e-9 || m.MaxLossDiff > 1e-9 {
		t.Errorf("max differences %g, %g", m.MaxWeightDiff, m.MaxLossDiff)
	}
}

// must returns v, stopping the test binary on err: for set-up that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// readCSV reads a history.csv, header first.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

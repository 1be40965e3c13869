package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aenets/aenets/results"
)

// TestMain lets the tests run the real main, as a subprocess, to check exit
// statuses and what reaches stderr.
func TestMain(m *testing.M) {
	if os.Getenv("AENETS_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// run runs the app in-process with args and returns stdout, stderr and the error.
func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := newApp(&env{stdout: &out, stderr: &errb}).Run(append([]string{"aenets"}, args...))
	return out.String(), errb.String(), err
}

// tiny are settings that train in well under a second.
var tiny = []string{"--epochs", "60", "--hidden", "8", "--grid", "4", "--steps", "3"}

func readMetrics(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAERunFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	stdout, stderr, err := run(t, append([]string{"ae", "--out", dir, "--seed", "4", "--interpolate", "a,o"}, tiny...)...)
	if err != nil {
		t.Fatal(err, stderr)
	}
	if !strings.Contains(stdout, "60 epochs (epochs)") || !strings.Contains(stderr, "epoch 60/60") {
		t.Errorf("stdout %q\nstderr %q", stdout, stderr)
	}
	for _, f := range []string{"config.json", "metrics.json", "weights.npz", "loss.png", "latent.png",
		"reconstructions.png", "errors.png", "generated.png", "interpolation.png"} {
		p := filepath.Join(dir, f)
		st, err := os.Stat(p)
		if err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if strings.HasSuffix(f, ".png") {
			fh, _ := os.Open(p)
			if _, err := png.Decode(fh); err != nil {
				t.Errorf("%s: %v", f, err)
			}
			fh.Close()
		}
	}
	m := readMetrics(t, dir)
	for _, k := range []string{"command", "samples", "epochs_run", "stopped_because", "final_loss", "max_wrong_pixels",
		"mean_wrong_pixels", "perfect_samples", "wrong_pixels", "labels", "seed", "seconds", "us_per_epoch", "blas"} {
		if _, ok := m[k]; !ok {
			t.Errorf("metrics.json lacks %q", k)
		}
	}
	if m["blas"] != results.BLASName() {
		t.Errorf("metrics.json's blas %v, the build's %q", m["blas"], results.BLASName())
	}
	if m["command"] != "ae" || m["samples"] != 32.0 || m["epochs_run"] != 60.0 || m["stopped_because"] != "epochs" || m["seed"] != 4.0 {
		t.Errorf("metrics %v", m)
	}
	if len(m["wrong_pixels"].([]any)) != 32 || m["labels"].([]any)[1] != "a" {
		t.Error("wrong_pixels/labels not one per glyph in data order")
	}
	if m["interpolated"].([]any)[0] != "a" {
		t.Errorf("interpolated %v", m["interpolated"])
	}
	var cfg map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, "config.json"))
	json.Unmarshal(b, &cfg)
	if cfg["command"] != "ae" || cfg["lr"] != 0.009 || cfg["epochs"] != 60.0 || cfg["hidden"].([]any)[0] != 8.0 {
		t.Errorf("config.json %v", cfg)
	}
	if _, ok := cfg["layers"]; ok {
		t.Error("config.json holds both the --layers shorthand and the widths it stands for")
	}
}

// TestTestData: --test-data scores a held-out set at the end, and a set
// of another width is refused before training.
func TestTestData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	test := filepath.Join("..", "..", "data", "examples", "unseen.txt")
	if _, stderr, err := run(t, append([]string{"ae", "--out", dir, "--quiet", "--test-data", test}, tiny...)...); err != nil {
		t.Fatal(err, stderr)
	}
	m := readMetrics(t, dir)
	ts, ok := m["test"].(map[string]any)
	if !ok || ts["samples"] != 10.0 || !(ts["loss"].(float64) > 0) || !(ts["mean_abs_pixel_error"].(float64) > 0) {
		t.Errorf("metrics.json test: %v", m["test"])
	}
	_, _, err := run(t, append([]string{"ae", "--out", filepath.Join(t.TempDir(), "x"), "--test-data", "emoji"}, tiny...)...)
	if err == nil || !strings.Contains(err.Error(), "--test-data emoji") {
		t.Errorf("emoji as the font's test data: %v", err)
	}
}

// TestHistoryCSVAndQuiet: history.csv has a row per --log-every epochs
// (and the last) that matches metrics.json, and --quiet prints the run
// folder's path alone.
func TestHistoryCSVAndQuiet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	stdout, stderr, err := run(t, append([]string{"ae", "--out", dir, "--quiet", "--log-every", "25"}, tiny...)...)
	if err != nil {
		t.Fatal(err, stderr)
	}
	if stdout != dir+"\n" || stderr != "" {
		t.Errorf("--quiet: stdout %q, stderr %q; want the path alone", stdout, stderr)
	}
	h := readCSV(t, filepath.Join(dir, "history.csv"))
	if got := strings.Join(h[0], ","); got != "epoch,loss,train_loss,lr,max_wrong,mean_wrong,recon,seconds" {
		t.Errorf("header %s", got)
	}
	if len(h) != 4 || h[1][0] != "25" || h[2][0] != "50" || h[3][0] != "60" {
		t.Fatalf("rows %v, want epochs 25, 50, 60", h[1:])
	}
	m := readMetrics(t, dir)
	if atof(t, h[3][1]) != m["final_loss"].(float64) || atof(t, h[3][4]) != m["max_wrong_pixels"].(float64) {
		t.Errorf("last row %v; metrics.json final_loss %v, max_wrong_pixels %v", h[3], m["final_loss"], m["max_wrong_pixels"])
	}
}

// TestSameSeedSameMetrics reruns a run from its config.json: the metrics
// must be the same but for the timing fields.
func TestSameSeedSameMetrics(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	if _, stderr, err := run(t, append([]string{"ae", "--quiet", "--out", a, "--batch", "5", "--seed", "9"}, tiny...)...); err != nil {
		t.Fatal(err, stderr)
	}
	if _, stderr, err := run(t, "ae", "--quiet", "--out", b, "--config", filepath.Join(a, "config.json")); err != nil {
		t.Fatal(err, stderr)
	}
	ma, mb := readMetrics(t, a), readMetrics(t, b)
	for _, m := range []map[string]any{ma, mb} {
		delete(m, "seconds")
		delete(m, "us_per_epoch")
	}
	ja, _ := json.Marshal(ma)
	jb, _ := json.Marshal(mb)
	if !bytes.Equal(ja, jb) {
		t.Errorf("same seed, different metrics:\n%s\n%s", ja, jb)
	}
	wa, _ := os.ReadFile(filepath.Join(a, "weights.npz"))
	wb, _ := os.ReadFile(filepath.Join(b, "weights.npz"))
	if !bytes.Equal(wa, wb) {
		t.Error("same seed, different weights files")
	}
}

func TestPrecedence(t *testing.T) {
	base := t.TempDir()
	cfg := filepath.Join(base, "exp.json")
	os.WriteFile(cfg, []byte(`{"epochs": 7, "seed": 3, "hidden": [6], "grid": 3, "steps": 2}`), 0o644)
	t.Setenv("AENETS_SEED", "5")
	dir := filepath.Join(base, "r")
	if _, stderr, err := run(t, "ae", "--quiet", "--config", cfg, "--out", dir, "--epochs", "4"); err != nil {
		t.Fatal(err, stderr)
	}
	m := readMetrics(t, dir)
	// --epochs on the command line beats the file; AENETS_SEED beats the file's seed.
	if m["epochs_run"] != 4.0 || m["seed"] != 5.0 || m["layers"].([]any)[1] != 6.0 {
		t.Errorf("epochs %v seed %v layers %v", m["epochs_run"], m["seed"], m["layers"])
	}
}

func TestWarmStart(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	if _, stderr, err := run(t, append([]string{"ae", "--quiet", "--out", a}, tiny...)...); err != nil {
		t.Fatal(err, stderr)
	}
	if _, stderr, err := run(t, append([]string{"ae", "--quiet", "--out", b, "--init-weights", filepath.Join(a, "weights.npz")}, tiny...)...); err != nil {
		t.Fatal(err, stderr)
	}
	if la, lb := readMetrics(t, a)["final_loss"].(float64), readMetrics(t, b)["final_loss"].(float64); !(lb < la) {
		t.Errorf("warm start did not continue: loss %v then %v", la, lb)
	}
	_, _, err := run(t, "ae", "--quiet", "--out", filepath.Join(base, "c"), "--hidden", "9", "--init-weights", filepath.Join(a, "weights.npz"))
	if err == nil || !strings.Contains(err.Error(), "another architecture") {
		t.Errorf("weights of another architecture: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	base := t.TempDir()
	malformed := filepath.Join(base, "bad.txt")
	os.WriteFile(malformed, []byte("61 a 00 0e 01 0d 13 13 0d\n62 b 10 10 10 1c 12 12\n"), 0o644)
	unknown := filepath.Join(base, "unknown.json")
	os.WriteFile(unknown, []byte(`{"epoch": 3}`), 0o644)
	badType := filepath.Join(base, "type.json")
	os.WriteFile(badType, []byte(`{"epochs": "many"}`), 0o644)
	twice := filepath.Join(base, "twice.json")
	os.WriteFile(twice, []byte(`{"epochs": 3} {"epochs": 4}`), 0o644)
	trailing := filepath.Join(base, "trailing.json")
	os.WriteFile(trailing, []byte(`{"epochs": 3} x`), 0o644)
	null := filepath.Join(base, "null.json")
	os.WriteFile(null, []byte(`null`), 0o644)
	notJSON := filepath.Join(base, "not.json")
	os.WriteFile(notJSON, []byte(`epochs = 3`), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--layers", "35,17,2,17,30"}, "output width 30 differs from the input width 35"},
		{[]string{"--layers", "35,35"}, "at least 3"},
		{[]string{"--layers", "35,0,35"}, "--layers 35,0,35: latent 0"},
		{[]string{"--layers", "36,2,36"}, "the data has 35"},
		{[]string{"--layers", "35,x,35"}, `"x" is not a whole number`},
		{[]string{"--layers", "35,8,2,8,35", "--hidden", "9"}, "shorthand"},
		{[]string{"--act", "swish"}, `unknown activation "swish"`},
		{[]string{"--out-act", "tanh"}, "use out-act sigmoid"},
		{[]string{"--loss", "hinge"}, `unknown loss "hinge"`},
		{[]string{"--schedule", "cosine"}, `unknown schedule "cosine"`},
		{[]string{"--lr", "0"}, "--lr 0"},
		{[]string{"--beta2", "1"}, "--beta2 1"},
		{[]string{"--adam-eps", "0"}, "--adam-eps 0"},
		{[]string{"--lr", "-1"}, "--lr -1"},
		{[]string{"--epochs", "0"}, "--epochs 0"},
		{[]string{"--epochs", "-3"}, "--epochs -3"},
		{[]string{"--batch", "-1"}, "--batch -1"},
		{[]string{"--latent", "0"}, "--latent 0"},
		{[]string{"--data", filepath.Join(base, "missing.txt")}, "no such file"},
		{[]string{"--data", malformed}, "bad.txt:2"},
		{[]string{"--config", unknown}, `unknown key "epoch"`},
		{[]string{"--config", badType}, `key "epochs": want a whole number`},
		{[]string{"--config", notJSON}, "not a JSON object"},
		{[]string{"--config", twice}, "exactly one object"},
		{[]string{"--config", trailing}, "exactly one object"},
		{[]string{"--config", null}, "not a JSON object of settings: null"},
		{[]string{"--init-weights", malformed}, "not a readable .npz"},
		{[]string{"--interpolate", "a"}, "two labels"},
		{[]string{"--interpolate", "a,Q"}, `--interpolate a,Q: the data has no sample labelled "Q"`},
		{[]string{"--bogus"}, "flag provided but not defined"},
		{[]string{"--patience", "-1"}, "--patience -1: want ≥ 0"},
		{[]string{"--l1", "-1"}, "--l1 -1: want ≥ 0"},
		{[]string{"--latent-act", "swish"}, "--latent-act: unknown activation"},
		{[]string{"--steps", "1"}, "--steps 1: want 2 to 100"},
		{[]string{"--grid", "99"}, "--grid 99: want 2 to 60"},
		{[]string{"extra"}, `ae takes no arguments, only flags: "extra"`},
	}
	for _, c := range cases {
		out := filepath.Join(base, "out-"+strings.ReplaceAll(strings.Join(c.args, "_"), "/", "_"))
		_, _, err := run(t, append([]string{"ae", "--quiet", "--out", out}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}

// TestInterpolateLabelFailsEarly checks that an --interpolate label the data
// lacks is refused before training: no run folder is made.
func TestInterpolateLabelFailsEarly(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	_, _, err := run(t, "ae", "--quiet", "--out", out, "--interpolate", "a,Q")
	if err == nil || err.Error() != `--interpolate a,Q: the data has no sample labelled "Q"` {
		t.Fatalf("error %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("run folder made: %v", err)
	}
}

// TestExitStatus runs the real binary's main: errors are one line on
// stderr and a non-zero status, never a panic.
func TestExitStatus(t *testing.T) {
	base := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"ae", "--layers", "35,2,30"}, "differs from the input width"},
		{[]string{"ae", "--act", "identity", "--latent-act", "identity", "--out-act", "identity", "--loss", "mse",
			"--lr", "1e80", "--schedule", "fixed", "--epochs", "50", "--out", filepath.Join(base, "div"), "--quiet"}, "diverged at epoch 1"},
		{[]string{"outliers"}, "--weights is required"},
		{[]string{"nosuchcommand"}, ""},
	}
	for _, c := range cases {
		cmd := exec.Command(os.Args[0], c.args...)
		cmd.Env = append(os.Environ(), "AENETS_TEST_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if err == nil && c.want != "" {
			t.Errorf("%v: exit status 0", c.args)
			continue
		}
		if c.want == "" {
			continue
		}
		s := stderr.String()
		if !strings.Contains(s, c.want) || strings.Contains(s, "panic") || strings.Count(strings.TrimSpace(s), "\n") > 0 {
			t.Errorf("%v: stderr %q, want one line with %q", c.args, s, c.want)
		}
	}
	// The diverged run still wrote its folder, with the last good weights.
	m := readMetrics(t, filepath.Join(base, "div"))
	if m["stopped_because"] != "diverged" {
		t.Errorf("diverged run: %v", m["stopped_because"])
	}
}

func TestOutliers(t *testing.T) {
	base := t.TempDir()
	train := filepath.Join(base, "train")
	if _, stderr, err := run(t, "ae", "--quiet", "--out", train, "--epochs", "3000", "--grid", "3", "--steps", "2"); err != nil {
		t.Fatal(err, stderr)
	}
	out := filepath.Join(base, "o")
	stdout, stderr, err := run(t, "outliers", "--weights", filepath.Join(train, "weights.npz"),
		"--data", filepath.Join("..", "..", "data", "examples", "unseen.txt"), "--out", out)
	if err != nil {
		t.Fatal(err, stderr)
	}
	if !strings.Contains(stdout, "threshold") || !strings.Contains(stdout, "OUTLIER") {
		t.Errorf("table:\n%s", stdout)
	}
	var rep struct {
		Threshold float64   `json:"threshold"`
		Scores    []float64 `json:"scores"`
		IsOutlier []bool    `json:"is_outlier"`
		Outliers  int       `json:"outliers"`
		TrainMax  float64   `json:"train_max"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "outliers.json"))
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	// Glyphs the net never saw are reconstructed far worse than any it learned.
	if rep.Outliers < 8 || len(rep.Scores) != 10 {
		t.Errorf("%d of %d unseen glyphs flagged (threshold %v, training max %v): %v", rep.Outliers, len(rep.Scores), rep.Threshold, rep.TrainMax, rep.Scores)
	}
	for _, f := range []string{"outliers.png", "outliers-reconstructions.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	// Scoring the training set itself flags (almost) nothing.
	stdout, _, err = run(t, "outliers", "--weights", filepath.Join(train, "weights.npz"), "--out", filepath.Join(base, "o2"), "--threshold", "max:1.01")
	if err != nil || !strings.Contains(stdout, "0 of 32 samples are outliers") {
		t.Errorf("training set against its own max: %v\n%s", err, stdout)
	}
	if _, _, err := run(t, "outliers", "--weights", filepath.Join(train, "weights.npz"), "--threshold", "tukey:2"); err == nil {
		t.Error("unknown threshold rule accepted")
	}
}

// TestConventions: exit statuses (2 for usage errors), the closest
// command, --version, and the completion script.
func TestConventions(t *testing.T) {
	cases := []struct {
		args   []string
		status int
		stdout string // a part of it
		stderr string // a part of it
	}{
		{[]string{"aee"}, 2, "", `no command "aee"; did you mean "ae"?`},
		{[]string{"qqqqqq"}, 2, "", `no command "qqqqqq" (see aenets --help)`},
		{[]string{"ae", "--bogus"}, 2, "", "flag provided but not defined"},
		{[]string{"ae", "extra"}, 2, "", "ae takes no arguments"},
		{[]string{"ae", "--lr", "0"}, 1, "", "--lr 0: want a learning rate > 0"},
		{[]string{"--version"}, 0, "aenets version ", ""},
		{[]string{"completion", "bash"}, 0, "complete -o bashdefault -o default -F _aenets aenets", ""},
		{[]string{"completion", "zsh"}, 0, "bashcompinit", ""},
		{[]string{"completion", "fish"}, 2, "", `no script for shell "fish"`},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		status := exitStatus(&env{stdout: &out, stderr: &errb}, append([]string{"aenets"}, c.args...))
		if status != c.status || !strings.Contains(out.String(), c.stdout) || !strings.Contains(errb.String(), c.stderr) ||
			strings.Count(errb.String(), "\n") > 1 {
			t.Errorf("%v: status %d, stdout %q, stderr %q; want %d, %q, %q", c.args, status, out.String(), errb.String(), c.status, c.stdout, c.stderr)
		}
	}
}

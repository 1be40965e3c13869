package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/results"
)

// tinyDAE trains 35-8-2-8-35 briefly: enough to check files and metrics.
var tinyDAE = []string{"--epochs", "40", "--pretrain-epochs", "40", "--hidden", "8", "--grid", "3", "--steps", "2",
	"--test-levels", "0,0.1", "--copies", "2"}

func TestDAERunFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	stdout, stderr, err := run(t, append([]string{"dae", "--out", dir, "--compare-pretrain"}, tinyDAE...)...)
	if err != nil {
		t.Fatal(err, stderr)
	}
	for _, want := range []string{"pretraining a plain AE", "level", "other start (pretrained: false)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, f := range []string{"config.json", "metrics.json", "weights.npz", "loss.png", "latent.png", "denoise-0.png", "denoise-0.1.png", "eval.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	var m struct {
		Command    string `json:"command"`
		EpochsRun  int    `json:"epochs_run"`
		Samples    int    `json:"samples"`
		Noise      string `json:"noise"`
		Pretrained bool   `json:"pretrained"`
		Pretrain   struct {
			EpochsRun int `json:"epochs_run"`
		} `json:"pretrain"`
		NoiseEval []struct {
			Level             float64 `json:"level"`
			InputWrongPixels  float64 `json:"input_wrong_pixels"`
			OutputWrongPixels float64 `json:"output_wrong_pixels"`
			OutputMax         *int    `json:"output_max_wrong_pixels"`
			WithinOne         float64 `json:"within_one_pixel"`
			InputWithinOne    float64 `json:"input_within_one_pixel"`
		} `json:"noise_eval"`
		Other []json.RawMessage `json:"noise_eval_other_start"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Command != "dae" || m.EpochsRun != 40 || m.Samples != 32 || m.Noise != "salt-pepper 0.1" || !m.Pretrained || m.Pretrain.EpochsRun != 40 {
		t.Errorf("metrics %+v", m)
	}
	if len(m.NoiseEval) != 2 || m.NoiseEval[1].Level != 0.1 || m.NoiseEval[0].InputWrongPixels != 0 ||
		m.NoiseEval[1].InputWrongPixels == 0 || m.NoiseEval[1].OutputMax == nil || len(m.Other) != 2 {
		t.Errorf("noise_eval %+v, other %d", m.NoiseEval, len(m.Other))
	}
}

func TestDAEMatrix(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "m")
	stdout, stderr, err := run(t, "dae-matrix", "--out", dir, "--train-levels", "0.05,0:0.1", "--test-levels", "0,0.1,0.2",
		"--epochs", "30", "--no-pretrain", "--hidden", "8", "--copies", "2")
	if err != nil {
		t.Fatal(err, stderr)
	}
	if !strings.Contains(stdout, "no denoising") || !strings.Contains(stdout, "0:0.1") {
		t.Errorf("table:\n%s", stdout)
	}
	var m results.MatrixMetrics
	b, _ := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.OutputWrongPixels) != 2 || len(m.OutputWrongPixels[0]) != 3 || len(m.InputWrongPixels) != 3 || m.TrainLevels[1] != "0:0.1" {
		t.Errorf("matrix %+v", m)
	}
	for _, f := range []string{"matrix.png", "weights-0.05.npz", "weights-0-0.1.npz", "config.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// Trainings run concurrently, yet the same seed gives the same matrix.
	dir2 := filepath.Join(t.TempDir(), "m2")
	if _, _, err := run(t, "dae-matrix", "--quiet", "--out", dir2, "--config", filepath.Join(dir, "config.json")); err != nil {
		t.Fatal(err)
	}
	var m2 results.MatrixMetrics
	b, _ = os.ReadFile(filepath.Join(dir2, "metrics.json"))
	json.Unmarshal(b, &m2)
	for i := range m.OutputWrongPixels {
		for j := range m.OutputWrongPixels[i] {
			if m.OutputWrongPixels[i][j] != m2.OutputWrongPixels[i][j] {
				t.Fatalf("rerun differs at [%d][%d]: %v vs %v", i, j, m.OutputWrongPixels[i][j], m2.OutputWrongPixels[i][j])
			}
		}
	}
}

func TestDAEBadInput(t *testing.T) {
	base := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"dae", "--p", "1.5"}, "outside [0,1]"},
		{[]string{"dae", "--p", "-0.1"}, "outside [0,1]"},
		{[]string{"dae", "--noise", "gaussian", "--p", "-1"}, "σ -1"},
		{[]string{"dae", "--noise", "flip-n", "--p", "36"}, "0 to 35"},
		{[]string{"dae", "--noise", "speckle"}, `unknown noise "speckle"`},
		{[]string{"dae", "--p-range", "0.2,0.1"}, "empty range"},
		{[]string{"dae", "--p-range", "0.1"}, "want two levels"},
		{[]string{"dae", "--p-range", "0,0.1", "--p", "0.1"}, "not both"},
		{[]string{"dae", "--per-sample"}, "needs a range"},
		{[]string{"dae", "--test-levels", "0,2"}, "--test-levels"},
		{[]string{"dae", "--copies", "0"}, "--copies 0"},
		{[]string{"dae", "--hidden", "9", "--init-weights", "../../data/font3.txt"}, "not a readable .npz"},
		{[]string{"dae", "--compare-pretrain", "--init-weights", "x.npz"}, "with --init-weights"},
		{[]string{"dae-matrix", "--train-levels", "0.1,a:b"}, `"a:b" is not a level`},
		{[]string{"dae-matrix", "--train-levels", "0.2:0.1"}, "empty range"},
		{[]string{"dae-matrix", "--interpolate", "a,o"}, "flag provided but not defined"},
	}
	for i, c := range cases {
		args := append(c.args, "--quiet", "--out", filepath.Join(base, string(rune('a'+i))))
		_, _, err := run(t, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
}

// TestDAEMatrixInterrupted: an interrupt (here, before the first epoch)
// during the pretraining leaves config.json alone; during the DAEs'
// training it stops each, and the matrix of the DAEs as they are is
// written, marked interrupted.
func TestDAEMatrixInterrupted(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	args := []string{"aenets", "dae-matrix", "--train-levels", "0.05,0.1", "--test-levels", "0,0.1",
		"--epochs", "30", "--pretrain-epochs", "30", "--hidden", "8", "--copies", "2"}
	for _, c := range []struct {
		extra []string
		say   string
		files []string
	}{
		{nil, "interrupted during the pretraining", []string{"config.json"}},
		{[]string{"--no-pretrain"}, "interrupted: the DAEs stopped", []string{"config.json", "metrics.json", "matrix.png", "weights-0.05.npz", "history-0.1.csv"}},
	} {
		dir := filepath.Join(t.TempDir(), "m")
		var out, errb bytes.Buffer
		if err := newApp(&env{stdout: &out, stderr: &errb, stop: stop}).Run(append(append(args, c.extra...), "--out", dir)); err != nil {
			t.Fatal(c.extra, err, errb.String())
		}
		if !strings.Contains(out.String(), c.say) {
			t.Errorf("%v: output lacks %q:\n%s", c.extra, c.say, out.String())
		}
		entries, _ := os.ReadDir(dir)
		var got []string
		for _, e := range entries {
			if e.Name() != ".aenets.lock" {
				got = append(got, e.Name())
			}
		}
		for _, f := range c.files {
			if !slices.Contains(got, f) {
				t.Errorf("%v: no %s among %v", c.extra, f, got)
			}
		}
		if c.extra == nil && len(got) != 1 {
			t.Errorf("pretraining interrupted: wrote %v", got)
		}
		if c.extra != nil {
			var m results.MatrixMetrics
			b, _ := os.ReadFile(filepath.Join(dir, "metrics.json"))
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.StoppedBecause, []string{"interrupted", "interrupted"}) || !slices.Equal(m.EpochsRun, []int{0, 0}) {
				t.Errorf("stopped_because %v, epochs_run %v", m.StoppedBecause, m.EpochsRun)
			}
		}
	}
}

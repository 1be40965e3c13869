package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTestEvery: --test-every scores --test-data while the net trains:
// history.csv's test_loss every that many epochs and at the last (empty
// between), the last equal to metrics.json's test loss, config.json
// recording it; the weights are those of the same run without it, byte for
// byte, for an ae and a vae.
func TestTestEvery(t *testing.T) {
	unseen := filepath.Join("..", "..", "data", "examples", "unseen.txt")
	for _, c := range []struct {
		name string
		args []string
	}{
		{"ae", append([]string{"ae", "--seed", "2", "--goal", "-1", "--test-data", unseen}, tiny...)},
		{"vae", append([]string{"vae", "--seed", "2", "--engine", "backprop", "--test-data", "emoji"}, tinyVAE...)},
	} {
		t.Run(c.name, func(t *testing.T) {
			plain, dir := filepath.Join(t.TempDir(), "plain"), filepath.Join(t.TempDir(), "run")
			if _, stderr, err := run(t, append(c.args, "--out", plain)...); err != nil {
				t.Fatal(err, stderr)
			}
			if _, stderr, err := run(t, append(c.args, "--out", dir, "--test-every", "3")...); err != nil {
				t.Fatal(err, stderr)
			}
			a, errA := os.ReadFile(filepath.Join(plain, "weights.npz"))
			b, errB := os.ReadFile(filepath.Join(dir, "weights.npz"))
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("the weights differ with --test-every (%v, %v)", errA, errB)
			}
			if h := readCSV(t, filepath.Join(plain, "history.csv")); strings.Contains(strings.Join(h[0], ","), "test_loss") {
				t.Errorf("history.csv without --test-every: %v", h[0])
			}
			h := readCSV(t, filepath.Join(dir, "history.csv"))
			if h[0][3] != "test_loss" {
				t.Fatalf("header %v", h[0])
			}
			last := len(h) - 1
			for i, row := range h[1:] {
				if scored := (i+1)%3 == 0 || i+1 == last; scored == (row[3] == "") {
					t.Errorf("epoch %s: test_loss %q", row[0], row[3])
				}
			}
			m := readMetrics(t, dir)
			if c.name == "ae" && atof(t, h[last][3]) != m["test"].(map[string]any)["loss"].(float64) {
				t.Errorf("last test_loss %s, metrics.json's test loss %v", h[last][3], m["test"])
			}
			var cfg map[string]any
			if b, err := os.ReadFile(filepath.Join(dir, "config.json")); err != nil || json.Unmarshal(b, &cfg) != nil || cfg["test-every"] != 3.0 {
				t.Errorf("config.json: test-every %v (%v)", cfg["test-every"], err)
			}
			if _, err := os.Stat(filepath.Join(dir, "loss.png")); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestTestEveryRefused: --test-every without --test-data, or below 0, is a
// one-line error before any run folder is made.
func TestTestEveryRefused(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"ae", "--test-every", "5"}, "--test-every 5 scores the --test-data set during training: give --test-data too"},
		{[]string{"vae", "--test-every", "-1", "--test-data", "emoji"}, "--test-every -1: want ≥ 0 (0 = only at the end)"},
	} {
		dir := filepath.Join(t.TempDir(), "run")
		_, _, err := run(t, append(c.args, "--out", dir)...)
		if err == nil || err.Error() != c.want {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%v: a run folder was made", c.args)
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npz"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/check"
)

// tinyCheck is a net of 35-4-2-4-35 on the first 4 glyphs: checked in a few ms.
var tinyCheck = []string{"--hidden", "4", "--latent", "2", "--batch", "4"}

// biasedWeights writes a weights file for spec with Glorot weights and
// biases uniform in [-0.5, 0.5]: unlike the store's initial zero biases,
// they leave no ReLU pre-activation exactly at its kink (a layer whose
// inputs are all 0 has the pre-activations b).
func biasedWeights(t *testing.T, spec nets.Spec, seed uint64, change ...func(*nets.Params)) string {
	t.Helper()
	p := must(nets.NewParams(spec, rand.New(rand.NewPCG(seed, 1))))
	r := rand.New(rand.NewPCG(seed, 2))
	for _, q := range p.All() {
		if strings.HasSuffix(q.Name, "/b") {
			for i := range q.Data {
				q.Data[i] = r.Float64() - 0.5
			}
		}
	}
	for _, f := range change {
		f(p)
	}
	path := filepath.Join(t.TempDir(), "weights.npz")
	if err := nets.SaveWeights(path, nets.Info{Spec: spec, Data: "font"}, p); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	roughCounts = regexp.MustCompile(`((?:enc|dec)/\d+) (\d+) of \d+`)
	zeroNorm    = regexp.MustCompile(`(?m)^((?:enc|dec)/\d+/[wb]) .* 0$`)
)

// TestGradcheckTinyNets checks both kinds, every activation and both
// losses, at weights with non-zero biases and, for the smooth activations,
// at the store's initial weights too (zero biases, from --seed).
func TestGradcheckTinyNets(t *testing.T) {
	for _, net := range []string{"ae", "dae"} {
		for _, act := range graph.Activations {
			for _, loss := range []string{"bce", "mse"} {
				out := "sigmoid"
				if loss == "mse" {
					out = string(act)
				}
				spec := must(nets.Spec{Kind: nets.KindAE, Act: string(act), LatentAct: string(act), OutAct: out, Loss: loss}.WithLayers([]int{35, 4, 2, 4, 35}))
				name := net + "/" + string(act) + "/" + loss
				// Seed 6's weights leave no pre-activation near a kink and no
				// gradient all zero (a ReLU layer dead for every sample).
				runs := map[string][]string{"biased": {"--weights", biasedWeights(t, spec, 6), "--batch", "4", "--loss", loss}}
				if act != graph.ReLU {
					runs["seed"] = append(slices.Clone(tinyCheck), "--act", string(act), "--latent-act", string(act), "--out-act", out, "--loss", loss)
				}
				for how, args := range runs {
					t.Run(name+"/"+how, func(t *testing.T) {
						t.Parallel()
						stdout, _, err := run(t, append([]string{"gradcheck", "--net", net}, args...)...)
						if err != nil {
							t.Fatalf("%v\n%s", err, stdout)
						}
						if !strings.Contains(stdout, "ok: a and b within 1e-10, a and c within 1e-06") || strings.Count(stdout, "\nenc/") != 4 || strings.Count(stdout, "\ndec/") != 4 {
							t.Errorf("output\n%s", stdout)
						}
						if z := zeroNorm.FindStringSubmatch(stdout); z != nil {
							t.Errorf("the gradient of %s is 0: nothing checked", z[1])
						}
						if net == "dae" && !strings.Contains(stdout, "input salt-pepper 0.1") {
							t.Errorf("the input is not corrupted:\n%s", stdout)
						}
						// The check means something only away from the rough spots:
						// the weights were chosen so that none is near.
						m := roughCounts.FindAllStringSubmatch(stdout, -1)
						if act == graph.ReLU && len(m) != 4 {
							t.Errorf("kinks not reported:\n%s", stdout)
						}
						for _, k := range m {
							if k[2] != "0" {
								t.Errorf("%s pre-activations of %s at a rough spot", k[2], k[1])
							}
						}
					})
				}
			}
		}
	}
}

// TestGradcheckRoughSpots: where the loss the engines compute is not
// smooth, finite differences do not measure their gradient, and gradcheck
// says so rather than passing or blaming the gradients.
func TestGradcheckRoughSpots(t *testing.T) {
	// With the store's zero biases, a ReLU latent layer dead for a sample
	// feeds the next layer pre-activations of exactly 0: relu's kink.
	stdout, _, err := run(t, append([]string{"gradcheck", "--act", "relu", "--latent-act", "relu"}, tinyCheck...)...)
	if err == nil || !strings.Contains(err.Error(), "pre-activations lie within 0.003 of a rough spot") || !strings.Contains(err.Error(), "dec/0/b") {
		t.Fatalf("error %v\n%s", err, stdout)
	}
	if m := roughCounts.FindAllStringSubmatch(stdout, -1); len(m) != 4 || m[2][1] != "dec/0" || m[2][2] == "0" {
		t.Errorf("kinks not reported:\n%s", stdout)
	}
	// The engines still agree exactly: the kink is at the same place for both.
	if strings.Contains(err.Error(), "--tol-engines") {
		t.Error(err)
	}
	// Saturated sigmoids: Gorgonia cuts σ(z) to 1 above 19.
	spec := must(nets.Spec{Kind: nets.KindAE, Act: "sigmoid", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce"}.WithLayers([]int{35, 4, 2, 4, 35}))
	w := biasedWeights(t, spec, 6, func(p *nets.Params) { p.Get("dec/0/b").Data[1] = 25 })
	stdout, _, _ = run(t, "gradcheck", "--weights", w, "--batch", "4")
	if m := roughCounts.FindAllStringSubmatch(stdout, -1); len(m) != 4 || m[2][1] != "dec/0" || m[2][2] != "4" {
		t.Errorf("saturated units not reported:\n%s", stdout)
	}
}

func TestGradcheckDump(t *testing.T) {
	dir := t.TempDir()
	// Given a folder, the dump is its gradcheck.npz (and nothing else is left there).
	stdout, _, err := run(t, append([]string{"gradcheck", "--net", "dae", "--noise", "flip", "--p", "0.2", "--dump", dir}, tinyCheck...)...)
	if err != nil {
		t.Fatal(err, stdout)
	}
	path := filepath.Join(dir, "gradcheck.npz")
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "gradcheck.npz" {
		t.Errorf("the folder holds %v", entries)
	}
	r, err := npz.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var js string
	if err := r.Read("aenets.npy", &js); err != nil {
		t.Fatal(err)
	}
	var info dumpInfo
	if err := json.Unmarshal([]byte(js), &info); err != nil {
		t.Fatal(err)
	}
	if info.Format != gradcheckFormat || info.Net != "dae" || info.Samples != 4 || info.Input != "flip 0.2" ||
		info.Spec.LayerString() != "35-4-2-4-35" || info.Settings["noise"] != "flip" || len(info.Parameters) != 8 {
		t.Fatalf("info %+v", info)
	}
	read := func(name string) []float64 {
		t.Helper()
		var v []float64
		if err := r.Read(name+".npy", &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	x, target := read("x"), read("target")
	if !slices.Equal(target, data.Font().X[:4*35]) || slices.Equal(x, target) {
		t.Fatal("target is not the clean batch, or x is not corrupted")
	}
	if h := r.Header("x.npy"); !slices.Equal(h.Descr.Shape, []int{4, 35}) {
		t.Errorf("x has shape %v", h.Descr.Shape)
	}
	// The dumped gradients are those of the dumped weights and batch.
	p := must(nets.Zeros(info.Spec))
	for _, q := range p.All() {
		copy(q.Data, read("weights/"+q.Name))
		if h := r.Header("grad/fd/" + q.Name + ".npy"); !slices.Equal(h.Descr.Shape, q.Shape) {
			t.Errorf("grad/fd/%s has shape %v, want %v", q.Name, h.Descr.Shape, q.Shape)
		}
	}
	m, err := nets.Build(info.Spec, p, nets.Adam{}, 4)
	if err != nil {
		t.Fatal(err)
	}
	loss, grads, err := m.(nets.Differentiable).Gradients(x, target, 4)
	if err != nil {
		t.Fatal(err)
	}
	if loss != info.Loss["gorgonia"] {
		t.Errorf("loss %v, dump says %v", loss, info.Loss["gorgonia"])
	}
	for i, q := range p.All() {
		a, b, c := read("grad/gorgonia/"+q.Name), read("grad/backprop/"+q.Name), read("grad/fd/"+q.Name)
		if !slices.Equal(a, grads[i]) || !slices.Equal(a, b) {
			t.Errorf("%s: dumped gradients are not Gorgonia's", q.Name)
		}
		if _, rel := check.MaxDiff(a, c); rel > 1e-6 {
			t.Errorf("%s: finite differences %g apart", q.Name, rel)
		}
	}
}

func TestGradcheckFails(t *testing.T) {
	args := append([]string{"gradcheck", "--tol-fd", "1e-30"}, tinyCheck...)
	stdout, _, err := run(t, args...)
	if err == nil || !regexp.MustCompile(`finite differences of (enc|dec)/\d+/[wb] differ .*> --tol-fd 1e-30`).MatchString(err.Error()) {
		t.Fatalf("error %v", err)
	}
	if !strings.Contains(stdout, "tensor") {
		t.Errorf("no table before the error:\n%s", stdout)
	}
	// The binary exits with status 1 and one line on stderr.
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AENETS_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatal("exit status 0")
	}
	if s := strings.TrimSpace(stderr.String()); strings.Contains(s, "\n") || !strings.Contains(s, "gradcheck failed") {
		t.Errorf("stderr %q", s)
	}
}

func TestGradcheckWeightsFile(t *testing.T) {
	spec := must(nets.Spec{Kind: nets.KindAE, Act: "tanh", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce"}.WithLayers([]int{35, 5, 3, 5, 35}))
	w := biasedWeights(t, spec, 1)
	stdout, _, err := run(t, "gradcheck", "--weights", w, "--batch", "3")
	if err != nil || !strings.Contains(stdout, "ae 35-5-3-5-35 (tanh/sigmoid/sigmoid, bce) on font, 3 samples") {
		t.Fatalf("%v\n%s", err, stdout)
	}
	// Flags may repeat the architecture, or change the loss.
	stdout, _, err = run(t, "gradcheck", "--weights", w, "--batch", "3", "--hidden", "5", "--latent", "3", "--act", "tanh", "--loss", "mse")
	if err != nil || !strings.Contains(stdout, "(tanh/sigmoid/sigmoid, mse)") {
		t.Fatalf("%v\n%s", err, stdout)
	}
	for _, args := range [][]string{{"--hidden", "6"}, {"--act", "relu"}, {"--layers", "35,5,2,5,35"}} {
		_, _, err := run(t, append([]string{"gradcheck", "--weights", w}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "another architecture") {
			t.Errorf("%v: %v", args, err)
		}
	}
	// The weights come from the file: --seed only seeds a DAE's noise.
	if _, _, err := run(t, "gradcheck", "--weights", w, "--seed", "3"); err == nil || !strings.Contains(err.Error(), "draws nothing at random") {
		t.Errorf("--seed with --weights: %v", err)
	}
	if _, _, err := run(t, "gradcheck", "--net", "dae", "--weights", w, "--seed", "3", "--batch", "2"); err != nil {
		t.Errorf("--net dae --seed with --weights: %v", err)
	}
}

func TestGradcheckEnvAndConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(cfg, []byte(`{"command": "gradcheck", "net": "dae", "batch": 3, "latent": 3, "noise": "gaussian", "p": 0.3}`), 0o644)
	t.Setenv("AENETS_HIDDEN", "5")
	t.Setenv("AENETS_LATENT", "2")
	stdout, _, err := run(t, "gradcheck", "--config", cfg, "--batch", "2")
	// --batch on the command line beats the file, AENETS_LATENT beats the file's latent.
	if err != nil || !strings.Contains(stdout, "dae 35-5-2-5-35") || !strings.Contains(stdout, "2 samples, input gaussian 0.3") {
		t.Fatalf("%v\n%s", err, stdout)
	}
}

func TestGradcheckBadInput(t *testing.T) {
	base := t.TempDir()
	os.WriteFile(filepath.Join(base, "x.json"), []byte(`{"tol": 1}`), 0o644)
	vae := filepath.Join(base, "vae.npz")
	vs := nets.DefaultVAE(35, 2)
	if err := nets.SaveWeights(vae, nets.Info{Spec: vs, Data: "font"}, must(nets.Zeros(vs))); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--net", "gan"}, `--net "gan": want ae or dae`},
		{[]string{"--noise", "flip"}, "--noise applies to --net dae only"},
		{[]string{"--p", "0.2"}, "--p applies to --net dae only"},
		{[]string{"--net", "dae", "--p", "1.5"}, "outside [0,1]"},
		{[]string{"--batch", "-1"}, "--batch -1"},
		{[]string{"--fd-step", "0"}, "--fd-step 0"},
		{[]string{"--tol-fd", "-1"}, "--tol-fd -1"},
		{[]string{"--tol-engines", "NaN"}, "--tol-engines NaN"},
		{[]string{"--layers", "35,8,2,8,30"}, "differs from the input width"},
		{[]string{"--act", "swish"}, `unknown activation "swish"`},
		{[]string{"--weights", filepath.Join(base, "none.npz")}, "not a readable .npz"},
		{[]string{"--weights", vae}, "a net of kind vae"},
		{[]string{"--config", filepath.Join(base, "x.json")}, `unknown key "tol"`},
		{[]string{"--epochs", "3"}, "flag provided but not defined"},
	}
	for _, c := range cases {
		_, _, err := run(t, append([]string{"gradcheck"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}

// TestCommandFlags pins every command's flags: a flag appears only on the
// commands it affects, so adding a group to a command, or an option to a
// group, must be deliberate (and this table updated with it).
func TestCommandFlags(t *testing.T) {
	train := "data layers hidden latent decoder act out-act loss lr beta1 beta2 adam-eps schedule epochs patience min-delta eval-samples batch seed init-weights engine out quiet log-every "
	want := map[string]string{
		"ae":          train + "test-data test-every latent-act l1 tied goal interpolate steps grid save-recon checkpoint-every config",
		"dae":         train + "test-data test-every latent-act l1 tied goal interpolate steps grid save-recon checkpoint-every noise per-sample p p-range no-pretrain pretrain-epochs compare-pretrain test-levels copies eval-seed config",
		"dae-matrix":  train + "latent-act l1 tied goal noise per-sample train-levels no-pretrain pretrain-epochs test-levels copies eval-seed config",
		"vae":         train + "test-data test-every beta free-bits kl-warmup kl-cycles kl-ramp samples grid pairs steps save-recon checkpoint-every config",
		"sample":      "weights data raw out quiet n seed config",
		"interpolate": "weights data raw out quiet from to steps config",
		"outliers":    "weights data train-data threshold out quiet config",
		"gradcheck":   "net data layers hidden latent decoder act out-act loss latent-act l1 tied beta free-bits seed noise per-sample p p-range batch weights tol-engines tol-fd fd-step fd-max dump config",
		"compare": "net data layers hidden latent decoder act out-act loss latent-act l1 tied beta free-bits seed noise per-sample p p-range " +
			"lr beta1 beta2 adam-eps batch init-weights steps drift out quiet log-every config",
	}
	for _, cmd := range newApp(&env{}).Commands {
		w, ok := want[cmd.Name]
		if !ok {
			continue
		}
		var got []string
		for _, f := range cmd.Flags {
			got = append(got, f.Names()[0])
		}
		if strings.Join(got, " ") != w {
			t.Errorf("aenets %s flags:\n%s\nwant\n%s", cmd.Name, strings.Join(got, " "), w)
		}
		delete(want, cmd.Name)
	}
	if len(want) > 0 {
		t.Errorf("commands missing: %v", want)
	}
}

// TestGradcheckVAE checks a small VAE on the emoji at weights with non-zero
// biases (away from relu's kinks), at a fixed ε, for both losses: the
// engines agree bit for bit and the finite differences of the training loss
// within the tolerance.
func TestGradcheckVAE(t *testing.T) {
	for _, loss := range []string{"bce", "mse"} {
		spec := must(nets.DefaultVAE(400, 2).WithLayers([]int{400, 8, 2, 8, 400}))
		spec.Loss = loss
		w := biasedWeights(t, spec, 3)
		stdout, stderr, err := run(t, "gradcheck", "--net", "vae", "--weights", w, "--data", "emoji", "--batch", "3", "--fd-max", "30")
		if err != nil {
			t.Fatalf("%s: %v\n%s%s", loss, err, stdout, stderr)
		}
		if !strings.Contains(stdout, "training loss at the same ε") || !strings.Contains(stdout, "vae/logvar/w") || !strings.Contains(stdout, "ok:") {
			t.Errorf("%s: table\n%s", loss, stdout)
		}
	}
	if _, _, err := run(t, "gradcheck", "--net", "ae", "--beta", "2"); err == nil || !strings.Contains(err.Error(), "--net vae only") {
		t.Errorf("--beta with --net ae: %v", err)
	}
	if _, _, err := run(t, "gradcheck", "--net", "ae", "--free-bits", "1"); err == nil || !strings.Contains(err.Error(), "--net vae only") {
		t.Errorf("--free-bits with --net ae: %v", err)
	}
	// With the KL weighted and a floor above every dimension's KL, the
	// loss is the reconstruction plus 2 dimensions × λ, and the check passes.
	spec := must(nets.DefaultVAE(400, 2).WithLayers([]int{400, 8, 2, 8, 400}))
	w := biasedWeights(t, spec, 3)
	loss := func(beta, freeBits string) float64 {
		args := []string{"gradcheck", "--net", "vae", "--weights", w, "--data", "emoji", "--batch", "3", "--fd-max", "30", "--beta", beta, "--free-bits", freeBits}
		stdout, stderr, err := run(t, args...)
		if err != nil {
			t.Fatalf("β %s, free bits %s: %v\n%s%s", beta, freeBits, err, stdout, stderr)
		}
		var a float64
		if _, err := fmt.Sscanf(stdout[strings.Index(stdout, "\nloss: a ")+1:], "loss: a %g", &a); err != nil {
			t.Fatalf("β %s, free bits %s: no loss in\n%s", beta, freeBits, stdout)
		}
		return a
	}
	plain, floored := loss("1", "0"), loss("1", "50")
	if recon0 := loss("0", "0"); math.Abs(floored-(recon0+100)) > 1e-9 || !(plain > recon0 && plain < floored) {
		t.Errorf("losses: β = 0 %v, β = 1 %v, free bits 50 %v (want the first + 100)", recon0, plain, floored)
	}
}

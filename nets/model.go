package nets

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/setting"
)

// Model is a net on an engine: what the training loop, the figures and the
// commands need, whatever computes it. Batches are row-major n×width slices.
type Model interface {
	// Spec is the architecture the model was built from.
	Spec() Spec
	// Params is the parameter store the model reads and updates.
	Params() *Params
	// TrainStep runs one optimiser step on a batch of n inputs x against
	// targets t and returns the batch loss, computed before the step.
	TrainStep(x, t []float64, n int) (float64, error)
	// Evaluate returns the loss of the batch x against t on the evaluation
	// path, which never touches training gradients, and fills out (n×In) with
	// the reconstructions and z (n×Latent) with the latent codes, where they
	// are not nil.
	Evaluate(x, t []float64, n int, out, z []float64) (float64, error)
	// Terms returns the terms of the last Evaluate's loss, in the
	// objective's order: for an AE "recon" (and its options' penalties), for
	// a VAE "recon", "kl" (weighted by β) and, with free bits, "free_bits"
	// (weighted by β too). The slice is the model's own, valid until the
	// next Evaluate.
	Terms() []TermValue
	// Decode fills out (n×In) with the decodings of the latent codes z.
	Decode(z []float64, n int, out []float64) error
	// SetLearnRate changes the optimiser's learning rate, keeping its moments.
	SetLearnRate(lr float64)
	// LearnRate is the optimiser's current learning rate.
	LearnRate() float64
}

// Differentiable is a Model that can report its gradients without stepping.
type Differentiable interface {
	Model
	// Gradients returns the loss of the batch and the gradient of every
	// parameter, in the order of Params().All().
	Gradients(x, t []float64, n int) (float64, [][]float64, error)
}

// Adam holds the settings of the Adam optimiser; a zero field means its default.
type Adam struct {
	LR    float64 // learning rate, default 0.001
	Beta1 float64 // decay of the first moment, default 0.9
	Beta2 float64 // decay of the second moment, default 0.999
	Eps   float64 // added to the root of the second moment, default 1e-8
}

// WithDefaults returns a with every zero field set to its default.
func (a Adam) WithDefaults() Adam {
	if a.LR == 0 {
		a.LR = 0.001
	}
	if a.Beta1 == 0 {
		a.Beta1 = 0.9
	}
	if a.Beta2 == 0 {
		a.Beta2 = 0.999
	}
	if a.Eps == 0 {
		a.Eps = 1e-8
	}
	return a
}

// Check reports a setting Adam cannot use, as given: a zero field is an
// error here (WithDefaults fills them; Build does so before checking). The
// error is a *setting.Error naming the setting as the flags do.
func (a Adam) Check() error {
	switch {
	case !(a.LR > 0) || math.IsInf(a.LR, 0):
		return setting.New("lr", a.LR, "a learning rate > 0")
	case !(a.Beta1 > 0 && a.Beta1 < 1):
		return setting.New("beta1", a.Beta1, "in (0,1)")
	case !(a.Beta2 > 0 && a.Beta2 < 1):
		return setting.New("beta2", a.Beta2, "in (0,1)")
	case !(a.Eps > 0) || math.IsInf(a.Eps, 0):
		return setting.New("adam-eps", a.Eps, "> 0")
	}
	return nil
}

// Build puts spec on the Gorgonia engine, bound to params (which must have
// spec's layout), with an Adam optimiser. Graphs for the batch sizes given
// are built now; others are built the first time they are used. A VAE
// spec's model is a VAE.
func Build(spec Spec, params *Params, opt Adam, batches ...int) (Model, error) {
	if err := CheckBuild(spec, params, opt); err != nil {
		return nil, err
	}
	for _, n := range batches {
		if err := spec.CheckSize(n); err != nil {
			return nil, err
		}
	}
	return newGorgonia(spec, params, opt.WithDefaults(), false, batches)
}

// CheckBuild reports why spec, params and opt cannot make a model, on any
// engine.
func CheckBuild(spec Spec, params *Params, opt Adam) error {
	if err := spec.Check(); err != nil {
		return err
	}
	if err := opt.WithDefaults().Check(); err != nil {
		return err
	}
	want, err := Zeros(spec)
	if err != nil {
		return err
	}
	if err := want.SameLayout(params); err != nil {
		return fmt.Errorf("weights do not fit %s: %w", spec.LayerString(), err)
	}
	return nil
}

// LayerValues is one Dense layer's values for a batch, as an engine
// computed them: its pre-activations z = x·W + b (n×Out, row-major), to
// which Act is applied.
type LayerValues struct {
	Name string // the layer's name, "enc/0", …, "vae/mu", …, "dec/1"
	Act  graph.Activation
	Z    []float64
}

package results

import (
	"slices"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/openblas"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/noise"
)

// This file holds the metrics.json type of every command. Their fields are a
// contract: other tools read them, so names and order do not change.

// RunMetrics are the fields of metrics.json that every training command
// writes; each command's metrics embed them (JSON flattens them) and add
// their own.
type RunMetrics struct {
	Command        string   `json:"command"`
	Samples        int      `json:"samples"`
	EpochsRun      int      `json:"epochs_run"`
	StoppedBecause string   `json:"stopped_because"`
	FinalLoss      float64  `json:"final_loss"`
	Labels         []string `json:"labels"`
	Seed           uint64   `json:"seed"`
	Seconds        float64  `json:"seconds"`
	USPerEpoch     float64  `json:"us_per_epoch"`
	// BLAS is the library of the matrix products (BLASName): the
	// -tags openblas build's numbers differ from the pure-Go one's by
	// rounding.
	BLAS      string  `json:"blas"`
	Layers    []int   `json:"layers"`
	Loss      string  `json:"loss"`
	BestEpoch int     `json:"best_epoch"` // epoch whose weights were kept
	FinalLR   float64 `json:"final_lr"`
	// Terms are the objective's terms at the end (loss = Σ weight·value):
	// "recon", and "kl" for a VAE, and any penalty the net's options add.
	Terms []nets.TermValue `json:"terms"`
	// Test is the score of the held-out set of --test-data (nil: none).
	Test *TestScore `json:"test,omitempty"`
}

// TestScore is how a trained model reconstructs a held-out set: its loss
// (the training objective, a VAE's at z = μ) and the mean absolute pixel
// error of its reconstructions.
type TestScore struct {
	Data              string  `json:"data"`
	Samples           int     `json:"samples"`
	Loss              float64 `json:"loss"`
	MeanAbsPixelError float64 `json:"mean_abs_pixel_error"`
	// NegELBO is a VAE's negative ELBO per sample (β = 1, no free bits),
	// one draw of z a sample: the figure PyTorch's examples/vae reports.
	NegELBO *float64 `json:"neg_elbo,omitempty"`
}

// BLASName names the BLAS of this build's matrix products, for
// metrics.json: "gonum (pure Go)", or OpenBLAS's configuration, kernel and
// threads.
func BLASName() string { return openblas.Name() }

// newRunMetrics fills the fields every command writes; loss and terms are
// the model's evaluation of the data.
func newRunMetrics(command string, ds *data.Dataset, h *training.History, m nets.Model, seed uint64, loss float64, terms []nets.TermValue) RunMetrics {
	spec := m.Spec()
	r := RunMetrics{Command: command, Samples: ds.N, EpochsRun: h.Epochs, StoppedBecause: h.StoppedBecause,
		FinalLoss: loss, Labels: ds.Labels, Seed: seed, Seconds: h.Seconds, BLAS: BLASName(), Layers: spec.Layers(), Loss: spec.Loss,
		BestEpoch: h.BestEpoch, Terms: slices.Clone(terms)}
	if h.Epochs > 0 {
		r.USPerEpoch = h.Seconds / float64(h.Epochs) * 1e6
		r.FinalLR = h.LR[h.Epochs-1]
	}
	return r
}

// AEMetrics is metrics.json of an autoencoder run. Its fields are a
// contract: other tools read them.
type AEMetrics struct {
	RunMetrics
	MaxWrongPixels  int         `json:"max_wrong_pixels"`
	MeanWrongPixels float64     `json:"mean_wrong_pixels"`
	PerfectSamples  int         `json:"perfect_samples"`
	WrongPixels     []int       `json:"wrong_pixels"`
	LatentCodes     [][]float64 `json:"latent_codes"` // one per sample, in data order
	Interpolated    [2]string   `json:"interpolated"` // labels of interpolation.png's ends
}

// VAEMetrics is metrics.json of a VAE run; its fields are a contract.
type VAEMetrics struct {
	RunMetrics
	Latent            int         `json:"latent"`
	ReconLoss         float64     `json:"recon_loss"`
	KL                float64     `json:"kl"`
	Beta              float64     `json:"beta"`
	MeanAbsPixelError float64     `json:"mean_abs_pixel_error"`
	AbsPixelError     []float64   `json:"abs_pixel_error"`
	Mu                [][]float64 `json:"mu"` // μ of every sample, in data order
	// How the latent space is used (results.LatentStats): the number of
	// dimensions whose μ varies over the data by more than ActiveThreshold,
	// and per dimension that variance, the KL in nats and σ, each averaged
	// over the data. kl_per_dim sums to kl.
	ActiveUnits int       `json:"active_units"`
	MuVar       []float64 `json:"mu_var"`
	KLPerDim    []float64 `json:"kl_per_dim"`
	SigmaMean   []float64 `json:"sigma_mean"`
	// NegELBO is the negative ELBO per sample at β = 1 without free bits,
	// whatever the run trained with: the reconstruction of sampled z's plus
	// the KL, averaged over ELBODraws draws of ε.
	NegELBO float64 `json:"neg_elbo"`
	// SampleNearestMAE is the mean over the prior samples of samples.png of
	// the mean absolute pixel error to the nearest training sample.
	SampleNearestMAE float64 `json:"sample_nearest_mae"`
}

// DAEMetrics is metrics.json of a DAE run: the AE's fields for the clean
// samples, the noise, the pretraining and the evaluation.
type DAEMetrics struct {
	*AEMetrics
	Noise           string           `json:"noise"`
	Pretrained      bool             `json:"pretrained"`
	Pretrain        *PretrainSummary `json:"pretrain,omitempty"`
	NoiseEval       []noise.Eval     `json:"noise_eval"`
	OtherStart      []noise.Eval     `json:"noise_eval_other_start,omitempty"` // the other start (pretrained or not), when both are compared
	OtherPretrained *bool            `json:"other_pretrained,omitempty"`
}

// PretrainSummary is how the pretraining of a DAE ended.
type PretrainSummary struct {
	EpochsRun      int    `json:"epochs_run"`
	StoppedBecause string `json:"stopped_because"`
	MaxWrongPixels int    `json:"max_wrong_pixels"`
}

// MatrixMetrics is metrics.json of dae-matrix.
type MatrixMetrics struct {
	Command             string      `json:"command"`
	Noise               string      `json:"noise"`
	TrainLevels         []string    `json:"train_levels"`
	TestLevels          []float64   `json:"test_levels"`
	OutputWrongPixels   [][]float64 `json:"output_wrong_pixels"` // [train][test], mean per sample
	WithinOnePixel      [][]float64 `json:"within_one_pixel"`    // [train][test]
	InputWrongPixels    []float64   `json:"input_wrong_pixels"`  // [test], the noisy input itself
	InputWithinOnePixel []float64   `json:"input_within_one_pixel"`
	EpochsRun           []int       `json:"epochs_run"` // [train]
	StoppedBecause      []string    `json:"stopped_because"`
	Pretrained          bool        `json:"pretrained"`
	Seed                uint64      `json:"seed"`
	Seconds             float64     `json:"seconds"`
	BLAS                string      `json:"blas"`
}

// CompareMetrics is compare's metrics.json.
type CompareMetrics struct {
	Command           string   `json:"command"`
	Net               string   `json:"net"`
	Layers            []int    `json:"layers"`
	Data              string   `json:"data"`
	Samples           int      `json:"samples"`
	Batch             int      `json:"batch"`
	Input             string   `json:"input"`
	Seed              uint64   `json:"seed"`
	Steps             int      `json:"steps"`
	Drift             float64  `json:"drift"`
	FirstDriftStep    *int     `json:"first_drift_step"`      // first step with max |Δw| > drift; null: none
	FirstDiffStep     *int     `json:"first_difference_step"` // first step with any difference in weights or loss; null: none
	MaxWeightDiff     float64  `json:"max_weight_diff"`
	MaxLossDiff       float64  `json:"max_loss_diff"`
	USPerStepGorgonia float64  `json:"us_per_step_gorgonia"`
	USPerStepBackprop float64  `json:"us_per_step_backprop"`
	Speedup           float64  `json:"speedup"` // µs per step of Gorgonia / of backprop
	BLAS              string   `json:"blas"`
	Series            struct { // one value per step, step 1 first: written to history.csv, not metrics.json
		WeightDiff   []float64 // max |Δw| after the step
		LossDiff     []float64 // |Δloss| of the step
		LossGorgonia []float64
		LossBackprop []float64
	} `json:"-"`
}

package results

import (
	"strings"
)

// This file holds the captions of index.html: how to read each figure.

// figureOrder is the order figures appear in index.html; others follow,
// by name.
var figureOrder = []string{"loss.png", "reconstructions.png", "errors.png", "latent.png", "latent-3d.png",
	"generated.png", "samples.png", "grid.png", "interpolation.png", "eval.png", "denoise-", "matrix.png",
	"compare.png", "outliers.png", "outliers-reconstructions.png"}

func figureRank(name string) int {
	for i, f := range figureOrder {
		if name == f || strings.HasSuffix(f, "-") && strings.HasPrefix(name, f) {
			return i
		}
	}
	return len(figureOrder)
}

// captions says how to read each figure, by "command/name" where the
// commands' figures differ, else by name; "denoise-" stands for every
// denoise-<level>.png.
var captions = map[string]string{
	"loss.png": "The training loss against epoch, on a log axis. With full batches one curve is drawn (the batch loss of " +
		"an epoch is the loss after the epoch before); with minibatches or noisy inputs the batch loss jumps from epoch " +
		"to epoch and is drawn light, with its moving average dark. A spike is a step the optimiser overshot and " +
		"recovered from. The bottom panel, when the rate changed, is the learning rate of every epoch.",
	"vae/loss.png": "The loss per sample against epoch, each part in a panel of its own on a log axis: the total " +
		"(with z = μ after the epoch, and with z sampled during it, light, under its moving average), the reconstruction " +
		"and the KL divergence from the prior. The total is reconstruction + β·KL. A KL near 0 means the codes carry " +
		"little information (posterior collapse); a rising KL with falling reconstruction is the latent space being put to use.",
	"reconstructions.png": "Each sample (left) beside its reconstruction (right), both thresholded at 0.5 (black = on). " +
		"Orange pixels should be on but are off, blue ones should be off but are on; under each pair is its count of wrong " +
		"pixels, and the header gives the totals. With many samples, a fixed selection and the worst ones are shown.",
	"vae/reconstructions.png": "Each sample (left) beside its reconstruction from μ (right), in gray levels (0 black, " +
		"1 white); under each pair is its mean absolute pixel error (MAE). Blurry reconstructions are typical of a VAE.",
	"errors.png": "Left: the wrong pixels of each sample's thresholded reconstruction; right: how many samples have 0, 1, " +
		"2, … wrong pixels. Every bar at 0 means every sample is reproduced exactly.",
	"vae/errors.png": "Left: each sample's mean absolute pixel error, largest first; right: how many samples have an error in " +
		"each range. The dashed line is the mean. The samples on the left are those the model reconstructs worst.",
	"latent.png": "Each sample's latent code, drawn as its label. Codes close together decode to similar outputs. For a " +
		"bounded latent activation (sigmoid, tanh) the dashed box is its range: codes piled on a limit are saturated, " +
		"the subtitle counts them and they are drawn moved a little inward. With many samples each is a dot coloured by label.",
	"vae/latent.png": "μ, the centre of each sample's code, in pairs of latent dimensions, each drawn as the sample's " +
		"thumbnail. Samples that look alike should sit together; the prior N(0, I) centres the codes at 0 with spread 1, " +
		"and a dimension whose μ hardly varies is one the model does not use.",
	"latent-3d.png": "μ of every sample in three dimensions, seen turned 35° and tilted 22°; the line below each point " +
		"shows its height above the floor of the box, which spans the range of each dimension.",
	"generated.png": "The decodings of a regular grid over the range the codes occupy: each column's z1 is written under " +
		"it, each row's z2 left of it. Gradual change across the grid means a smooth latent space; cells far from every " +
		"code show what the decoder makes of places no sample maps to.",
	"samples.png": "New samples: decodings of codes z drawn from the prior N(0, I). They look like the data when the " +
		"latent space is filled the way the prior says.",
	"grid.png": "The decodings of a grid over the two latent dimensions whose μ varies most, from −2.5 to 2.5 (the " +
		"others at 0): how the output changes along each of them.",
	"interpolation.png": "The decodings along the straight line between two samples' codes, from t = 0 to 1; the two " +
		"ends are the samples themselves. A good code space passes through plausible outputs on the way.",
	"vae/interpolation.png": "For each pair of samples, the decodings along the straight line (linear) and along the " +
		"great circle (slerp) between their μ, framed by the two samples.",
	"denoise-": "Each glyph clean | with noise at this test level | denoised, all thresholded at 0.5. Wrong pixels of the " +
		"noisy and the denoised tiles are coloured as in reconstructions.png (orange missing, blue spurious); under each " +
		"group are the wrong pixels of the noisy input and of the output.",
	"eval.png": "Mean wrong pixels per glyph against the test noise level, for the denoised output and for doing nothing " +
		"(the noisy input itself). Where the denoised line lies below, denoising helps. The dashed line (or the band) " +
		"marks the noise level the model was trained at.",
	"matrix.png": "Mean wrong pixels per glyph after denoising: a row per training noise level, a column per test level, " +
		"and a last row for doing nothing (the noisy input). Lighter is better (the colour bar gives the scale); compare " +
		"each row with the last to see at which levels a model helps.",
	"compare.png": "The largest weight difference (max |Δw|) and the loss difference between the Gorgonia engine and the " +
		"hand-written one after every step, on a log axis; exact zeros, which a log axis cannot show, are drawn at the " +
		"floor the title gives. Lines that stay under --drift mean the engines agree.",
	"outliers.png": "Each sample's error score in data order; the dashed line is the threshold and flagged samples are " +
		"drawn in orange with their labels. The band is the range of the training samples' scores, the dotted line their median.",
	"outliers-reconstructions.png": "Each scored sample beside its reconstruction, as in reconstructions.png: outliers " +
		"are the samples reconstructed worst.",
}

// caption is the caption of figure name in a run of command.
func caption(command, name string) string {
	key := name
	if strings.HasPrefix(name, "denoise-") {
		key = "denoise-"
	}
	if c, ok := captions[command+"/"+key]; ok {
		return c
	}
	return captions[key]
}

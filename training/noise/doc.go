// Package noise corrupts samples with noise models and measures how well a
// model removes the noise.
//
// A Model (salt-pepper, flip, flip-n, gaussian) corrupts one sample at a
// level; a Noise is a model with a level or a range of levels, which
// training.Config uses to corrupt the inputs of every step afresh every
// epoch. EvaluateDenoising corrupts fresh copies of a dataset and counts the
// wrong pixels of the model's denoisings against the clean samples.
package noise

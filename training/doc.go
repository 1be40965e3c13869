// Package training trains a nets.Model on a data.Dataset: the epoch loop,
// full-batch, minibatch or online batching with a seeded shuffle,
// learning-rate schedules, early stopping, a goal stop on wrong pixels,
// divergence detection, the per-epoch history and the hooks that report
// progress. A Batcher cuts a dataset into the batches of Train's epochs
// (the seeded shuffle, a noise level per epoch, corrupted inputs), for
// anything that must feed a model what Train would.
//
// Every epoch ends with an evaluation of the whole training set on the
// model's evaluation path; that loss (not the noisier mean of the batch
// losses) drives the schedules, early stopping and the choice of the best
// weights, and its wrong pixels (counted by training/metrics) drive the goal
// stop. A Config.Test, a held-out set, can be scored the same way every
// Config.TestEvery epochs (History.TestLoss), which training never reads.
// A Config.Noise from training/noise corrupts the inputs of every step
// (denoising); training/outlier scores samples once a model is trained.
package training

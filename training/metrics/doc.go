// Package metrics measures reconstructions against their targets: wrong
// pixels (WrongPixels, Summarize), mean squared error per sample
// (MeanSquaredError) and the mean and standard deviation of such measures
// (MeanSD).
//
// It sits below training, training/noise and training/outlier, which all
// count wrong pixels, so that none of them has to import another.
package metrics

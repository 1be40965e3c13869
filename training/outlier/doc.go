// Package outlier scores samples by reconstruction error against a
// threshold set from the training samples.
//
// A sample's score is the mean squared error per pixel of its
// reconstruction; a Threshold rule (sigma:K, quantile:Q, max:F or a value)
// sets the threshold from the scores of the training samples, and Score
// flags the samples above it.
package outlier

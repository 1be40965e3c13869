// Package results writes what a run leaves behind: its run folder
// (NewRunDir), JSON files (WriteJSON) with the metrics.json types of every
// command (metrics.go), the whole report of a trained autoencoder (WriteAE,
// WriteVAE: metrics.json, weights.npz and the figures) and of an outlier
// scoring (WriteOutliers), and the page that shows a run folder to a reader
// (WriteIndex: index.html, the settings, the metrics and every figure with
// a caption saying how to read it).
//
// The figures themselves are drawn by package results/plot. Functions here
// never print and never word command-line flags; the command line resolves
// its flags before calling them.
package results

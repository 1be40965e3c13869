// Package nets defines aenets' nets and builds them on the Gorgonia engine.
//
// A Spec is a model definition: the encoder widths, the latent width, the
// decoder widths, the activation of each part, the loss and each option,
// named, never inferred. Its builder (ae.go for the autoencoder, vae.go for
// the VAE) turns it into Gorgonia graphs on a graph.Scope, declaring every
// parameter under a scoped name ("enc/0/w", "vae/mu/b", "dec/1/b") where it
// is used, and returns its objective as named terms ("recon", "kl",
// "free_bits", "l1"); the loss is their weighted sum. Everything else
// follows from running the builder: the parameter layout (Layout, Zeros,
// NewParams), the weights files (.npz, readable by numpy, recording the
// Spec), and every graph.
//
// Build puts a Spec and its Params on the Gorgonia engine and returns a
// Model: a training step, an evaluation path, decoding, and the terms of the
// loss; a VAE's model is a VAE. It builds, once per batch size, a training
// graph (the loss and G.Grad's symbolic gradients, stepped by Gorgonia's
// Adam solver: one for each parameter, the parameters shared out among the
// cores, solvers.go) and an evaluation graph, both bound to the same parameter
// store, so a step of the one is seen by the other, and evaluation, which
// has no gradients, never touches the training graph's. Each graph is
// compiled once with graph/exec, which runs its ops into buffers kept from
// run to run, where a TapeMachine would allocate every value afresh, and
// only the ops whose values are read (not G.Grad's gradient of the data); the
// numbers are the TapeMachine's, bit for bit (TestExecMatchesTape). A graph
// exec cannot compile would run on a TapeMachine instead, as every graph
// did before: Fallbacks lists such graphs and why (none of the builders'
// graphs today). nets/backprop is the second engine; it declares what it
// implements (Implements), and refuses every other Spec.
// Both engines multiply matrices in gonum's pure-Go BLAS, or in OpenBLAS
// when built with -tags openblas (package internal/openblas).
//
// To extend an architecture, edit its builder: docs/extending.md walks
// through two examples.
package nets

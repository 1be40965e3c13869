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
// graph (loss, symbolic gradients, a TapeMachine, Gorgonia's Adam) and an
// evaluation graph, both bound to the same parameter store, so a step of
// the one is seen by the other, and evaluation never touches the gradients
// the solver is accumulating. nets/backprop is the second engine; it
// declares what it implements (Implements), and refuses every other Spec.
//
// To extend an architecture, edit its builder: docs/extending.md walks
// through two examples.
package nets

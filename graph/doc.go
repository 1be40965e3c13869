// Package graph holds the building blocks aenets writes its networks with, as Gorgonia expression graphs.
//
// A Scope is where a builder declares its parameters under hierarchical
// names ("enc/0/w") as it uses them, and adds its ops; its errors are
// sticky, so a builder reads as the maths it computes. The blocks: Dense
// layers (Scope.Dense, Scope.Affine), activations, the losses (BCE on
// logits, MSE), the VAE's reparameterisation, KL divergence and soft clip,
// and seeded Glorot initialisation.
//
// A block only adds nodes to a graph; it never runs one. Gradients come from
// Gorgonia's symbolic differentiation (G.Grad) of whatever loss the blocks
// were combined into, so a new block needs only its forward expression.
//
// Gorgonia keeps global state while a graph is built: build graphs (and call
// G.Grad) while holding Lock, as the nets package does, and running separate
// graphs concurrently is then safe.
package graph

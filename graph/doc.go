// Package graph holds the building blocks aenets writes its networks with,
// as Gorgonia expression graphs: Dense layers, activations, the losses (BCE
// on logits, MSE), seeded Glorot initialisation and hierarchical parameter
// names.
//
// A block only adds nodes to a graph; it never runs one. Gradients come from
// Gorgonia's symbolic differentiation (G.Grad) of whatever loss the blocks
// were combined into, so a new block needs only its forward expression.
//
// Gorgonia keeps global state while a graph is built: build graphs (and call
// G.Grad) while holding Lock, as the nets package does, and running separate
// graphs concurrently is then safe.
package graph

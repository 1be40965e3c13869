// Package nets describes aenets' architectures and builds them.
//
// A Spec says what to build (the layer widths, the activations, the loss);
// Params holds the weights, once, as named float64 arrays ("enc/0/w",
// "enc/0/b", …, "dec/1/b"); Build puts a Spec and its Params on an engine
// and returns a Model: a training step, an evaluation path, encoding and
// decoding. Weights files (.npz, readable by numpy) record the Spec they
// were trained with, and loading them checks it.
//
// The Gorgonia engine builds, once per Model and batch size, a training
// graph (loss, symbolic gradients, a TapeMachine, Gorgonia's Adam) and an
// evaluation graph; both are bound to the same parameter tensors, so a step
// of the one is seen by the other, and evaluation never touches the
// gradients the solver is accumulating.
//
// To change an architecture, edit the graph builder in ae.go: encode and
// decode are the forward pass, and everything else (training, evaluation,
// saving, every command) uses them.
package nets

// Package check compares aenets' two engines with each other and with finite differences: gradient by gradient, and step by step in lockstep.
//
// Gradients: PickCoordinates chooses which values of every parameter tensor
// to differentiate numerically, FiniteDifferences takes central differences
// (gonum diff/fd) of any loss over a nets.Params, CompareGradients makes a
// Row per tensor of the maximum and relative differences (RelDefinition)
// between two engines' gradients (a, b) and the finite differences (c), and
// Verdict judges the rows against Tolerances, naming the worst tensor.
// Finite differences measure an engine's gradient only where the loss it
// computes is smooth: Rough counts the pre-activations an engine computed
// (nets.LayerValues) that lie near a rough spot (relu's kink, the cut-offs
// of the sigmoid, softplus and BCE on the logits).
//
// Training: Lockstep steps two models on the same batches (a
// training.Batcher, as training.Train feeds them), recording after every
// step how far apart their weights and losses are and how long each took.
package check

package graph

import (
	"fmt"
	"strings"

	G "gorgonia.org/gorgonia"
)

// Activation names an elementwise nonlinearity.
type Activation string

// The activations aenets offers. Their derivatives come from Gorgonia's
// symbolic differentiation; the hand-written engine mirrors each one.
const (
	Sigmoid  Activation = "sigmoid"  // 1/(1+e^-x)
	Tanh     Activation = "tanh"     // tanh x
	ReLU     Activation = "relu"     // max(0, x)
	Identity Activation = "identity" // x
	Softplus Activation = "softplus" // log(1+e^x)
)

// Activations lists every activation, in the order --help shows them.
var Activations = []Activation{Sigmoid, Tanh, ReLU, Identity, Softplus}

// ParseActivation returns the activation named s.
func ParseActivation(s string) (Activation, error) {
	for _, a := range Activations {
		if string(a) == s {
			return a, nil
		}
	}
	return "", fmt.Errorf("unknown activation %q (want one of %s)", s, joinNames(Activations))
}

// Apply returns the activation of x.
func (a Activation) Apply(x *G.Node) (*G.Node, error) {
	switch a {
	case Sigmoid:
		return G.Sigmoid(x)
	case Tanh:
		return G.Tanh(x)
	case ReLU:
		return G.Rectify(x)
	case Identity:
		return x, nil
	case Softplus:
		return G.Softplus(x)
	}
	return nil, fmt.Errorf("unknown activation %q", string(a))
}

func joinNames[T ~string](names []T) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

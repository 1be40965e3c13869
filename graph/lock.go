package graph

import (
	"fmt"
	"sync"
)

// buildMu serialises graph construction: Gorgonia's type inference and
// symbolic differentiation share package-level state.
var buildMu sync.Mutex

// Lock runs build while no other goroutine builds a graph, and turns a panic
// inside Gorgonia into an error.
func Lock(build func() error) (err error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building the graph: %v", r)
		}
	}()
	return build()
}

// Name joins the parts of a hierarchical parameter name: Name("enc", 0, "w")
// is "enc/0/w". Gorgonia merges nodes of the same name and shape, so every
// parameter of a graph needs a name of its own.
func Name(parts ...any) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += "/"
		}
		s += fmt.Sprint(p)
	}
	return s
}

package exec

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unsafe"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// How an instruction is run.
type kind uint8

const (
	kInput    kind = iota // an input or parameter: its bound value, read in place at every Run
	kConst                // a constant: its value, read once at Compile
	kFolded               // an op of the input shapes only (SizeOf): evaluated once at Compile
	kPrealloc             // op.UsePreallocDo into the instruction's buffer
	kReshape              // a reshape: the input's elements copied into the buffer, which has the new shape
	kUnsafe               // the overwritten input copied into the buffer, then op.UnsafeDo on the buffer
	kFallback             // op.Do, its result copied into the buffer (allocates what Do allocates)
	kRead                 // a G.Read statement: the value copied into the caller's G.Value
)

var kindNames = [...]string{"input", "constant", "folded", "prealloc", "reshape", "unsafe-copy", "fallback", "read"}

func (k kind) String() string { return kindNames[k] }

// instr is one node of the graph in the program.
type instr struct {
	node *G.Node
	op   G.Op
	kind kind
	args []int    // indices of the children's instructions, in the op's order
	ow   int      // kUnsafe: the input the op overwrites
	out  G.Value  // the buffer the op writes (nil for inputs)
	last G.Value  // kInput: the value seen at the last Run (to check its shape when it changes)
	into *G.Value // kRead: where G.Read wants the value

	// kReshape, kUnsafe: the elements of the buffer, and of the copied input
	// when that is a buffer of ours too (nil: read it at every Run), so that
	// the copy does not box a slice into an interface at every Run.
	dst, src []float64
}

// Program is a compiled expression graph: every node in topological order,
// each op writing into a buffer allocated once by Compile. A Program is not
// safe for concurrent use; Run it from one goroutine at a time.
type Program struct {
	g      *G.ExprGraph
	instrs []instr
	vals   []G.Value // the current value of every instruction
	index  map[*G.Node]int
	args   []G.Value // scratch for an op's inputs
	grads  []*paramGrad
	run    []int // the instructions Run runs, in order: all, or what Prune keeps
}

// Compile turns g into a Program. Build the whole graph first, G.Grad's
// gradient nodes included: nodes added to g after Compile are not run.
//
// Every input node (an op-less node: a G.NewMatrix or G.NewScalar with a
// bound value, parameters included) must have a value; it is read in place
// at every Run, so the caller refills its tensor, or rebinds it with G.Let to
// a value of the same shape, between runs. Compile runs every op once (Do)
// to learn the shape and type of its output, and allocates its buffer then.
func Compile(g *G.ExprGraph) (*Program, error) {
	sorted, err := G.Sort(g)
	if err != nil {
		return nil, fmt.Errorf("exec: sorting the graph: %w", err)
	}
	p := &Program{g: g, index: make(map[*G.Node]int, len(sorted))}
	maxArgs := 0
	for i := len(sorted) - 1; i >= 0; i-- {
		n := sorted[i]
		in := instr{node: n, op: n.Op(), ow: -1}
		for it := g.From(n.ID()); it.Next(); {
			c := it.Node().(*G.Node)
			j, ok := p.index[c]
			if !ok {
				return nil, fmt.Errorf("exec: node %v comes before its child %v", n, c)
			}
			in.args = append(in.args, j)
		}
		maxArgs = max(maxArgs, len(in.args))
		p.index[n] = len(p.instrs)
		p.instrs = append(p.instrs, in)
		p.vals = append(p.vals, nil)
	}
	p.args = make([]G.Value, maxArgs)
	p.run = make([]int, len(p.instrs))
	for i := range p.instrs {
		p.run[i] = i
		if err := p.compile(i); err != nil {
			return nil, fmt.Errorf("exec: node %v (%v): %w", p.instrs[i].node, p.instrs[i].op, err)
		}
	}
	return p, nil
}

// compile chooses how instruction i runs and allocates its buffer, running
// its op once on the values its inputs have now.
func (p *Program) compile(i int) error {
	in := &p.instrs[i]
	n, op := in.node, in.op
	switch {
	case op == nil:
		v := n.Value()
		if v == nil {
			return fmt.Errorf("input without a value")
		}
		in.kind, in.last, p.vals[i] = kInput, v, v
		return nil
	case len(in.args) == 0:
		// A constant: an op without inputs whose node holds its value.
		v := n.Value()
		if v == nil {
			return fmt.Errorf("op without inputs and without a value")
		}
		in.kind, p.vals[i] = kConst, v
		return nil
	case isReadOp(op):
		into, err := readInto(op)
		if err != nil {
			return err
		}
		in.kind, in.into = kRead, into
		return nil
	}
	if isOpType(op, "letOp") {
		return fmt.Errorf("G.Set statements are not supported")
	}
	args := p.gather(in)
	v, err := op.Do(args...)
	if err != nil {
		return err
	}
	if strings.HasPrefix(op.String(), "SizeOf") {
		// Depends only on its input's shape, which a Program fixes.
		in.kind, p.vals[i] = kFolded, v
		return nil
	}
	if in.out, err = G.CloneValue(v); err != nil {
		return err
	}
	p.vals[i] = in.out
	_, pre := op.(G.UsePreallocDoer)
	_, uns := op.(G.UnsafeDoer)
	ow := op.OverwritesInput()
	switch {
	case pre:
		in.kind = kPrealloc
	case isReshape(op) && isDense(in.out) && isDense(args[0]):
		in.kind, in.ow = kReshape, 0
	case uns && ow >= 0 && ow < len(args) && sameLayout(args[ow], v):
		in.kind, in.ow = kUnsafe, ow
	default:
		in.kind = kFallback
	}
	if (in.kind == kReshape || in.kind == kUnsafe) && isDense(in.out) {
		in.dst = in.out.(*tensor.Dense).Float64s()
		if a := &p.instrs[in.args[in.ow]]; a.out != nil && isDense(a.out) {
			in.src = a.out.(*tensor.Dense).Float64s()
		}
	}
	return nil
}

// copyIn copies the input the instruction overwrites into its buffer.
func (in *instr) copyIn(arg G.Value) error {
	if in.dst == nil {
		_, err := G.Copy(in.out, arg)
		return err
	}
	src := in.src
	if src == nil {
		d, ok := arg.(*tensor.Dense)
		if !ok || !isDense(d) {
			return fmt.Errorf("input of type %T, want a float64 *tensor.Dense", arg)
		}
		src = d.Float64s()
	}
	if len(src) != len(in.dst) {
		return fmt.Errorf("input of %d elements, want %d", len(src), len(in.dst))
	}
	copy(in.dst, src)
	return nil
}

// gather fills the scratch argument slice with the values of in's inputs.
func (p *Program) gather(in *instr) []G.Value {
	args := p.args[:len(in.args)]
	for j, a := range in.args {
		args[j] = p.vals[a]
	}
	return args
}

// Run runs the program once: every op, in order, into its buffer. Gradient
// nodes are ops like any other, so each Run overwrites the gradients of the
// last: Run never accumulates, unlike a TapeMachine, whose gradients add up
// until a solver step zeroes them. (A solver zeroing the gradients of
// Grads is harmless: the next Run writes them anew.)
func (p *Program) Run() error {
	for _, i := range p.run {
		if err := p.step(i); err != nil {
			in := &p.instrs[i]
			return fmt.Errorf("exec: node %v (%v): %w", in.node, in.op, err)
		}
	}
	for _, g := range p.grads {
		if g.copy {
			if _, err := G.Copy(g.buf, p.vals[g.slot]); err != nil {
				return fmt.Errorf("exec: gradient of %v: %w", g.param, err)
			}
		}
		g.plusZero()
	}
	return nil
}

func (p *Program) step(i int) error {
	in := &p.instrs[i]
	switch in.kind {
	case kConst, kFolded:
		return nil
	case kInput:
		v := in.node.Value()
		if v != in.last {
			if v == nil || !sameLayout(v, in.last) {
				return fmt.Errorf("input rebound to a value of another type or shape")
			}
			in.last = v
		}
		p.vals[i] = v
		return nil
	case kRead:
		v := p.vals[in.args[0]]
		if *in.into == nil {
			c, err := G.CloneValue(v)
			*in.into = c
			return err
		}
		_, err := G.Copy(*in.into, v)
		return err
	}
	args := p.gather(in)
	var v G.Value
	var err error
	switch in.kind {
	case kPrealloc:
		v, err = in.op.(G.UsePreallocDoer).UsePreallocDo(in.out, args...)
	case kReshape:
		err = in.copyIn(args[0])
		v = in.out
	case kUnsafe:
		if err = in.copyIn(args[in.ow]); err != nil {
			return err
		}
		args[in.ow] = in.out
		v, err = in.op.(G.UnsafeDoer).UnsafeDo(args...)
	case kFallback:
		if v, err = in.op.Do(args...); err == nil {
			v, err = G.Copy(in.out, v)
		}
	}
	if err != nil {
		return err
	}
	if v != in.out {
		// The op wrote elsewhere: keep its result, but it is no buffer of ours.
		if _, err := G.Copy(in.out, v); err != nil {
			return err
		}
	}
	p.vals[i] = in.out
	return nil
}

// Value returns the value n had at the last Run (or, before any Run, the
// value Compile's trial run gave it): a buffer of the Program's, valid until
// the next Run overwrites it, or the bound value of an input node. It is
// nil for a node not in the program, or dropped by Prune.
func (p *Program) Value(n *G.Node) G.Value {
	i, ok := p.index[n]
	if !ok {
		return nil
	}
	return p.vals[i]
}

// Scalar returns the float64 value of a scalar node (a loss) at the last Run.
func (p *Program) Scalar(n *G.Node) (float64, error) {
	v := p.Value(n)
	if v == nil {
		return 0, fmt.Errorf("exec: node %v is not in the program", n)
	}
	switch d := v.Data().(type) {
	case float64:
		return d, nil
	case []float64:
		if len(d) == 1 {
			return d[0], nil
		}
	}
	return 0, fmt.Errorf("exec: node %v is no float64 scalar (%v)", n, v.Shape())
}

// Stats counts the program's instructions by how they run, e.g.
// {"prealloc": 40, "unsafe-copy": 12, "fallback": 9, ...}.
func (p *Program) Stats() map[string]int {
	s := map[string]int{}
	for _, i := range p.run {
		in := &p.instrs[i]
		s[in.kind.String()]++
	}
	return s
}

// Fallbacks lists the ops run by Do and a copy (each allocating what its Do
// allocates) with how many nodes use each, e.g. "Σ[0] ×4", sorted.
func (p *Program) Fallbacks() []string {
	c := map[string]int{}
	for _, i := range p.run {
		in := &p.instrs[i]
		if in.kind == kFallback {
			c[in.op.String()]++
		}
	}
	var s []string
	for op, k := range c {
		s = append(s, fmt.Sprintf("%s ×%d", op, k))
	}
	sort.Strings(s)
	return s
}

// Len is the number of instructions Run runs, inputs and constants included.
func (p *Program) Len() int { return len(p.run) }

// sameLayout reports whether a and b have the same type and shape.
func sameLayout(a, b G.Value) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) || a.Dtype() != b.Dtype() {
		return false
	}
	if _, ok := a.(G.Scalar); ok {
		return true
	}
	return a.Shape().Eq(b.Shape())
}

func isDense(v G.Value) bool {
	d, ok := v.(*tensor.Dense)
	return ok && d.Dtype() == tensor.Float64 && !d.IsView()
}

const gorgoniaPkg = "gorgonia.org/gorgonia"

func isOpType(op G.Op, name string) bool {
	t := reflect.TypeOf(op)
	return t.Kind() == reflect.Struct && t.PkgPath() == gorgoniaPkg && t.Name() == name
}

func isReshape(op G.Op) bool { return isOpType(op, "reshapeOp") }
func isReadOp(op G.Op) bool  { return isOpType(op, "readOp") }

// readInto returns the *G.Value a G.Read statement writes into. Gorgonia
// keeps it in an unexported field of its readOp; reading it is the only way
// to honour G.Read without a TapeMachine.
func readInto(op G.Op) (*G.Value, error) {
	f := reflect.ValueOf(op).FieldByName("into")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.Type().Elem() != reflect.TypeOf((*G.Value)(nil)).Elem() {
		return nil, fmt.Errorf("G.Read's op has no into field of type *Value")
	}
	return (*G.Value)(unsafe.Pointer(f.Pointer())), nil
}

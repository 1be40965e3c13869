// Package exec runs a Gorgonia expression graph, gradient nodes included, into buffers allocated once.
//
// The graphs stay Gorgonia's and the gradients stay G.Grad's: only the
// scheduling is this package's. Build the graph as for a TapeMachine, call
// G.Grad, then
//
//	prog, err := exec.Compile(g)         // once
//	vg, err := prog.Grads(params...)     // once: []G.ValueGrad for a solver
//	solver := G.NewAdamSolver(...)
//	for ... {
//		copy(xData, batch)               // inputs are read in place
//		err = prog.Run()                 // loss and gradients
//		loss, _ := prog.Scalar(lossNode) // or prog.Value(anyNode)
//		err = solver.Step(vg)
//	}
//
// # How it works
//
// Compile sorts the graph (G.Sort, as the TapeMachine does) into a list of
// instructions, one a node, each reading its children's values by index.
// It runs every op once with Do, on the values the inputs have then, to
// learn the type and shape of the op's output, and clones that result into
// the op's buffer, which every later Run overwrites. Each node runs one of
// these ways, chosen at Compile:
//
//   - input (an op-less node: the x and target matrices, ε, β, the
//     parameters): its bound value, read in place at every Run, so the
//     caller refills its tensor (or rebinds it with G.Let to a value of the
//     same shape) between runs; parameters are the caller's tensors, which a
//     solver updates in place;
//   - constant (G.NewConstant, and the 1 G.Grad seeds the backward pass
//     with): its value, read once;
//   - folded (SizeOf, which BroadcastAdd's Repeat and Mean's division use):
//     a function of its input's shape only, which a Program fixes, so
//     evaluated at Compile;
//   - prealloc: op.UsePreallocDo into the buffer (A×B and its transposed
//     forms, the elementwise binary ops, broadcasting included, Repeat);
//   - reshape: the input's elements copied into the buffer, which has the
//     new shape (Gorgonia's Do would share or clone the input);
//   - unsafe-copy, for an op without UsePreallocDo but with UnsafeDo
//     (sigmoid, softplus, tanh, exp, neg, square on tensors): the input the
//     op overwrites is copied into the buffer and UnsafeDo runs on the
//     buffer: the op's own arithmetic, none of Do's allocation;
//   - fallback: op.Do, its result copied into the buffer; it allocates what
//     Do allocates. Program.Fallbacks lists them: the reductions Σ (Sum,
//     Mean, the bias gradients' sum over the batch), and neg and Reshape on
//     scalars (in the loss's backward pass).
//   - read: a G.Read statement (as nets' graphs hold) copies the value into
//     the caller's G.Value after every Run, as the TapeMachine does.
//
// # Gradients
//
// Run overwrites every gradient; it never accumulates. (A TapeMachine adds
// each run's gradients to its dual values' until a solver step zeroes them.)
// Grads gives a solver the parameters with, as gradients, the buffers of
// their gradient nodes (n.Deriv(), set by G.Grad): Gorgonia's solvers
// modify and zero the gradients they are given, which is harmless since the
// next Run writes them anew. To keep the TapeMachine's results bit for bit,
// Run adds +0 to each gradient after computing it, as the TapeMachine's
// accumulation into zeroed gradients does: this changes −0 to +0 and
// nothing else (the VAE's ReLU gives some bias gradients of −0).
//
// # Results
//
// The tests build the default AE (35-17-2-17-35, sigmoid, BCE on logits, 32
// glyphs) and the default VAE (400-300-200-100-3, relu, ε fixed, 56 emoji)
// exactly as nets does, and compare with nets.Build's TapeMachine model:
// the loss and every parameter gradient are bit-identical (over several
// runs, and after rebinding β with G.Let), and 50 Adam steps through a
// Program give bit-identical weights to 50 TapeMachine steps.
//
// One training step (copy the batch in, loss, gradients, Gorgonia's Adam),
// go test -bench . -benchmem, 2 shared cores (medians of 6, back to back;
// timings are noisy, allocations are not):
//
//	                 TapeMachine                      Program                          ratio
//	AE  step         433 µs   237 KB   1,346 allocs   223 µs    66 KB   801 allocs     1.9× faster
//	VAE step         17.7 ms  21.0 MB  3,738 allocs   16.0 ms  13.2 MB  2,348 allocs   1.1× faster
//
// Of the Program's step, Run alone is 358 allocations (8 KB) for the AE and
// about 1,320 (70 KB) for the VAE, and Gorgonia's Adam step alone is 480
// allocations (60 KB) for the AE and 1,088 (13.1 MB) for the VAE: it clones
// every parameter's tensor several times per step. The VAE is dominated by
// its matrix products, which no scheduling changes.
//
// # What is left
//
//   - Adam: now the largest allocator (over half the AE step's
//     allocations, almost all the VAE step's bytes). An in-place Adam over
//     the same ValueGrads, doing Gorgonia's arithmetic in Gorgonia's order,
//     would remove it.
//   - The ops' own allocations: the remaining allocations of Run are inside
//     Gorgonia and its tensor package even on the UsePreallocDo path (views
//     for transposes, functional options, boxed slices, gonum's parallel
//     Dgemm), and in the Σ fallbacks (which allocate their result).
//     TestAllocsPerOp lists them by op.
//   - Shapes are fixed at Compile: a batch of another size needs its own
//     graph and Program, as with a TapeMachine.
package exec

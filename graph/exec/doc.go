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
// Prune, called after Grads, drops the instructions that no G.Read, no
// gradient of Grads and no node the caller names depends on. G.Grad builds
// the derivative of both inputs of each matrix product, the data x's
// included, which nobody reads: in a VAE 784-400-20 on batches of 128, a
// sixth of the step's multiply-adds. nets prunes every Program it runs.
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
// nets runs every graph of its Gorgonia engine (training, evaluation,
// decoding) as a Program; a graph Compile refuses would run on a
// TapeMachine instead (nets.Fallbacks lists such graphs; none of its
// builders' graphs today). The tests here (package exec_test) build the
// default AE (35-17-2-17-35, sigmoid, BCE on logits, 32 glyphs), the
// default VAE (400-300-200-100-3, relu, ε fixed, 56 emoji) and nets with
// other activations and MSE through nets.NewTrainingGraph, and compare a
// Program with a TapeMachine on the same graph: the loss and every
// parameter gradient are bit-identical (over several runs, and after
// rebinding β with G.Let), and 50 of Gorgonia's Adam steps through a
// Program give bit-identical weights to 50 through the TapeMachine. nets'
// TestExecMatchesTape does the same through the whole Model (every
// activation, loss and option, two batch sizes, evaluation, decoding).
//
// Measured in the engine: training's BenchmarkStep and BenchmarkEpoch,
// TapeMachine on main before the change (1640305), Program after, medians
// of 6 interleaved runs on 2 cores (load average 1.5 to 3.7, the
// benchmarks included; the process's CPU time per op, cpu-µs/epoch, was
// within 10% of these wall times):
//
//	                          TapeMachine                        Program
//	AE  training step         247 µs   231 KiB  1,345 allocs     177 µs   65 KiB    802 allocs
//	AE  epoch (+ evaluation)  445 µs   320 KiB  1,728 allocs     239 µs   66 KiB    883 allocs
//	VAE training step         16.6 ms  19.9 MiB 3,743 allocs     15.7 ms  12.5 MiB 2,368 allocs
//	VAE epoch                 20.8 ms  22.5 MiB 4,774 allocs     19.9 ms  12.6 MiB 2,671 allocs
//
// nets' benchmarks split the step (same runs): of the AE's 177 µs, Run is
// 110 µs (358 allocations, 8 KiB; 214 µs and 1,024 on a TapeMachine) and
// Gorgonia's Adam 54 µs (480 allocations, 59 KiB), where an Adam doing the
// same arithmetic in place takes 3.9 µs and allocates nothing. Of the
// VAE's 15.2 ms, Run is 12.3 ms (1,341 allocations, 73 KiB), nearly all
// gonum's matrix products, which no scheduling changes, and Adam 4.5 ms
// (1,093 allocations, 12.5 MiB; 1.2 ms in place).
//
// # What is left
//
//   - Gorgonia's Adam, which the engine keeps: the largest allocator left
//     (over half the AE step's allocations, nearly all the VAE step's
//     bytes: it clones every parameter's tensor four times a step).
//     nets' BenchmarkAdam compares it with an in-place Adam doing the same
//     arithmetic in the same order (test code, bit-identical to it).
//   - The ops' own allocations: the remaining allocations of Run are inside
//     Gorgonia and its tensor package even on the UsePreallocDo path (views
//     for transposes, functional options, boxed slices, gonum's parallel
//     Dgemm), and in the Σ fallbacks (which allocate their result).
//     TestAllocsPerOp lists them by op.
//   - The arithmetic itself: what remains of the AE's Run is mostly the
//     exponentials and logarithms of sigmoid and softplus (applied
//     element by element through a function value) and small matrix
//     products; the VAE's is gonum's pure-Go matrix products.
//   - Shapes are fixed at Compile: a batch of another size needs its own
//     graph and Program, as with a TapeMachine.
//   - Memory: a Program keeps every node's buffer between runs, where a
//     TapeMachine lets them go after a run. The peak is the same (a
//     TapeMachine holds every value of a run until Reset), but a Program of
//     a large batch holds it for the life of the model.
package exec

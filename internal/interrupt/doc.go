// Package interrupt makes SIGINT and SIGTERM graceful: the first closes a
// channel that the training loop watches (training.Config.Stop), so that
// the run ends its epoch, writes its checkpoint and its run folder, and the
// process exits with 128 + the signal's number (130, 143); a second one
// removes the temporary files of the writes under way (every file aenets
// writes is replaced atomically, so the folder keeps its last complete
// files, the last checkpoint among them) and exits at once.
package interrupt

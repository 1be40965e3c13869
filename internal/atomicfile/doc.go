// Package atomicfile writes files so that readers see either the old
// content or the whole new content, never a half-written file: the data
// goes to a temporary file in the same folder, is synced, then renamed.
package atomicfile

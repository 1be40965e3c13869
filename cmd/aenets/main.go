// Command aenets trains, inspects and compares autoencoders on small image
// datasets. Run `aenets --help` for the commands, `aenets CMD --help` for
// their flags.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newApp(defaultEnv()).Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "aenets:", err)
		os.Exit(1)
	}
}

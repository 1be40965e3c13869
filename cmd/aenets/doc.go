// Command aenets trains, inspects and compares autoencoders on small image
// datasets. Run `aenets --help` for the commands, `aenets CMD --help` for
// their flags.
package main

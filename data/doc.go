// Package data provides the samples aenets trains autoencoders on: two
// embedded datasets, loaders for the user's own text files, PNG folders,
// IDX files (MNIST and its kin) and NumPy arrays, and validation of
// everything that is loaded.
//
// Every loader returns a *Dataset: N samples of D values in [0,1], each an
// image of Rows×Cols pixels stored row by row, with an ID and a label per
// sample. Load accepts any of the sources below and runs Dataset.Check
// before returning. It tells files apart by their first bytes, not their
// names: gzip or IDX magic bytes make an IDX file, NumPy or zip magic bytes
// a .npy or .npz file, anything else a text file.
//
// Every loader checks sizes against MaxImageSide, MaxSampleValues and
// MaxValues before it allocates memory for the values, and names the limit
// when a file exceeds it.
//
// # Embedded datasets
//
// Font returns the 32 glyphs 0x60-0x7f of a 5x7 bitmap font (binary pixels)
// and Emoji returns 56 smiley emoji as 20x20 grayscale images derived from
// Noto Emoji (Apache License 2.0; see emoji/NOTICE-emoji.txt). Both are
// parsed from their embedded text files with ParseText, so they follow the
// same rules as user files. Builtin looks them up by name ("font", "emoji").
//
// # Text files
//
// A text file holds one sample per line: an ID, a label and then the values,
// separated by spaces or tabs. Blank lines and lines whose first non-space
// character is '#' are comments. The values come in one of two formats,
// decided by the first sample line and required on every later line:
//
//   - numbers: any count of numbers in [0,1], the same count on every line.
//     A number is a plain decimal: digits with an optional fraction and an
//     optional exponent, such as 0, 1, 0.25, .5, 1. or 2.5e-1 (at least one
//     digit before or after the point). Signs, "-0", hexadecimal floats
//     (0x1p-1), digit separators (0_1), Inf and NaN are refused, and so is a
//     value written non-zero that is too small for a float64 (1e-400, which
//     would read as 0). For example
//
//     1F600 grinning 0.000 0.052 0.257 ...
//
//   - glyphs: exactly 7 hex bytes of two digits each, the rows of a 5x7 glyph
//     from top to bottom. The low 5 bits of a byte are the pixels of its row,
//     0x10 being the leftmost, so a byte may not exceed 1f. For example
//
//     61 a 00 0e 01 0d 13 13 0d
//
// A line whose 7 values all are two hex digits is a glyph line; any other
// line holds numbers.
//
// Glyph files are 7x5 images. For numbers, a comment "# shape: RxC" placed
// before the first sample (for example "# shape: 20x20") sets the image
// shape, which must hold exactly the values of a line (at most
// MaxSampleValues, sizes that overflow are refused). Without it 35 values
// are a 7x5 image, a perfect square n² a n×n image and any other count D a
// single row of D pixels.
//
// Defects are reported as a *ParseError, whose message names the file, the
// line and what was expected, for example
//
//	other.txt:12: expected 35 values after ID and label (as on line 3), got 34
//
// A UTF-8 byte order mark, CRLF line endings and long lines are accepted,
// up to MaxSampleValues values a line and MaxValues values in all. IDs and
// labels may repeat.
//
// # PNG folders
//
// LoadPNGDir reads every *.png file of a folder (the extension in any case),
// sorted by file name, into one sample each. Pixels become gray values in
// [0,1] as if the image were drawn over a black background: with red,
// green and blue R, G, B in [0,1] premultiplied by alpha, the value is
// 0.299R + 0.587G + 0.114B (Rec. 601 luma). All images must have the same
// size; the ID of a sample is its file name and the label the file name
// without extension. Other files and subfolders are ignored. The size of
// each image is read from its header before its pixels are decoded: a side
// above MaxImageSide or a dataset above MaxValues is refused.
//
// # IDX files
//
// LoadIDX reads an IDX images file, the format of MNIST, Fashion-MNIST and
// KMNIST: the magic bytes 00 00 08 03 (unsigned bytes, 3 dimensions), the
// number of images, rows and columns as big-endian 32-bit integers, then
// the pixels, each byte b read as b/255. The file may be gzipped, whatever
// its name. The header is checked (type, dimensions, sizes up to
// MaxImageSide and MaxValues, and the length of the file, truncated or too
// long) before the values are allocated, once. Sample IDs are the indices
// 0, 1, …; if a labels file lies alongside, its name that of the images
// file with "images" turned into "labels" and "idx3" into "idx1", gzipped
// or not (train-labels-idx1-ubyte[.gz] for train-images-idx3-ubyte[.gz]),
// it gives each sample's label as a decimal number ("7"); otherwise the
// labels are the indices too.
//
// # NumPy arrays
//
// LoadNPY reads a .npy file, or a .npz archive holding one array or an array
// named x, X, images or data. The array is 2-D, n samples of d values
// (shaped like the values of a text file without a shape comment), or 3-D,
// n images of rows×cols pixels. Its elements are float64 or float32 values
// in [0,1] or uint8 values b read as b/255, in C or Fortran order, either
// byte order. The header must be as numpy writes it (format 1.0 or 2.0)
// and is checked, shape bounds included, before the values are allocated;
// the data must have exactly the announced length. IDs and labels are the
// sample indices.
package data

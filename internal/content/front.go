package content

import (
	"fmt"
)

// maxFrontBytes bounds a file's front matter: a dozen short fields need a
// few hundred bytes; the longest the editor allows (summary, caption and alt
// text of 1 000 characters each) stay under 13 KB.
const maxFrontBytes = 16 << 10

// checkFront refuses, before the TOML decoder sees it, front matter that Meta
// could not hold anyway: more than maxFrontBytes, tables, arrays, inline
// tables and dotted keys. The decoder's time and memory grow with the square
// of how deep those nest (16 KB of "x = {a={a=…}}}" took 4 s and 2 GB), and
// Meta's fields are all flat, so nothing that decodes is lost.
func checkFront(front []byte) error {
	if len(front) > maxFrontBytes {
		return fmt.Errorf("front matter: %d bytes, at most %d", len(front), maxFrontBytes)
	}
	line := 1
	i, n := 0, len(front)
	bad := func(what string) error {
		return fmt.Errorf("front matter: line %d: %s; write each field as key = value", line, what)
	}
	for i < n {
		// The start of a line: blank, a comment, or a key.
		for i < n && (front[i] == ' ' || front[i] == '\t' || front[i] == '\r') {
			i++
		}
		if i == n {
			break
		}
		switch c := front[i]; {
		case c == '\n':
			i++
			line++
			continue
		case c == '#':
			for i < n && front[i] != '\n' {
				i++
			}
			continue
		case c == '[':
			return bad("tables are not part of the format")
		}
		// A bare key, so that a quoted one cannot hide what follows it.
		for i < n && front[i] != '=' && front[i] != '\n' {
			switch c := front[i]; {
			case c == '.':
				return bad("dotted keys are not part of the format")
			case c == ' ' || c == '\t' || c == '-' || c == '_' ||
				c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			default:
				return bad(fmt.Sprintf("%q cannot be part of a field name", rune(c)))
			}
			i++
		}
		if i == n || front[i] != '=' {
			return bad("a field needs a value")
		}
		i++
		// The value, up to the end of its line, which a multi-line string
		// may move on.
		for i < n && front[i] != '\n' {
			switch front[i] {
			case '{', '[':
				return bad("arrays and inline tables are not part of the format")
			case '#':
				for i < n && front[i] != '\n' {
					i++
				}
			case '"', '\'':
				var lines int
				i, lines = skipString(front, i)
				line += lines
			default:
				i++
			}
		}
	}
	return nil
}

// skipString returns the offset just past the TOML string that starts at i,
// and how many newlines it holds. A one-line string ends at its line's end
// at the latest; the decoder reports what is wrong with it.
func skipString(b []byte, i int) (int, int) {
	q := b[i]
	n := len(b)
	if i+2 < n && b[i+1] == q && b[i+2] == q {
		lines := 0
		for i += 3; i < n; i++ {
			switch {
			case b[i] == '\n':
				lines++
			case b[i] == '\\' && q == '"':
				if i+1 < n && b[i+1] == '\n' {
					lines++
				}
				i++
			case b[i] == q && i+2 < n && b[i+1] == q && b[i+2] == q:
				return i + 3, lines
			}
		}
		return n, lines
	}
	for i++; i < n && b[i] != '\n'; i++ {
		switch {
		case b[i] == '\\' && q == '"' && i+1 < n && b[i+1] != '\n':
			i++
		case b[i] == q:
			return i + 1, 0
		}
	}
	return i, 0
}

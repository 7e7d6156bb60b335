package content

import (
	"bytes"
	"fmt"
	"runtime"
	"time"
	"unicode/utf8"

	"broadsheet/internal/news"
)

// Limits on what Blocks reads. goldmark's cost grows with the square of some
// structures (nested quotes, runs of unmatched * and _, unclosed "[a]("), so
// those are measured in one cheap pass before goldmark sees the text; the
// limits are far above what any story uses (see BENCHMARKS.md) and keep the
// worst body that passes them under half a second.
const (
	// MaxBodyChars is the longest body in characters; the editor's limit.
	MaxBodyChars = 200_000
	// maxBodyBlocks bounds the top-level blocks, each of which is rendered
	// and sanitized on its own.
	maxBodyBlocks = 5_000
	// maxNesting bounds quotes and list items opened on one line.
	maxNesting = 32
	// maxIndent bounds a line's indentation in columns, and with it how
	// deep lists can nest by indentation.
	maxIndent = 2 * maxNesting
	// maxDelimiterRuns bounds the runs of * and _ in one paragraph.
	maxDelimiterRuns = 500
	// maxLinkOpeners bounds the "](" in one paragraph.
	maxLinkOpeners = 256
)

// parseSlots lets at most GOMAXPROCS bodies be read at once, and parseTimeout
// is how long a caller waits for one: goldmark cannot be stopped, so a body
// that is still being read after that is abandoned, and keeps its slot until
// it is done, so runaway reads can never take more than every core.
var (
	parseSlots   = make(chan struct{}, runtime.GOMAXPROCS(0))
	parseTimeout = time.Second
	parse        = blocks // tests stand in a slow or failing reader
)

// inlineBytes is the largest body read on the caller's goroutine, without a
// deadline: within the limits it reads in milliseconds at worst, and most
// stories are this short (a goroutine per body cost the corpus 25%).
const inlineBytes = 16 << 10

// Blocks turns a Markdown body into sanitized blocks. Raw HTML in the source is
// dropped by goldmark and anything else is cleaned by bluemonday. A body over
// the limits is refused before it is parsed (ErrTooLong, ErrTooComplex).
func Blocks(src []byte) ([]news.Block, error) {
	src = newlines(src)
	if err := checkBody(src); err != nil {
		return nil, err
	}
	var timer *time.Timer
	deadline := func() <-chan time.Time {
		if timer == nil {
			timer = time.NewTimer(parseTimeout)
		}
		return timer.C
	}
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	select {
	case parseSlots <- struct{}{}:
	default:
		select {
		case parseSlots <- struct{}{}:
		case <-deadline():
			return nil, fmt.Errorf("%w: the server is busy reading other stories; try again", ErrTooComplex)
		}
	}
	if len(src) <= inlineBytes {
		defer func() { <-parseSlots }()
		return parseSafely(src)
	}
	type result struct {
		blocks []news.Block
		err    error
	}
	done := make(chan result, 1)
	go func() {
		b, err := parseSafely(src)
		<-parseSlots // freed before the result is handed back, so a caller never sees its own slot held
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.blocks, r.err
	case <-deadline():
		return nil, fmt.Errorf("%w: reading the body took longer than %v", ErrTooComplex, parseTimeout)
	}
}

// parseSafely reads a body, turning a panic into an error: on a goroutine of
// its own, a panic would take the whole server down.
func parseSafely(src []byte) (blocks []news.Block, err error) {
	defer func() {
		if p := recover(); p != nil {
			blocks, err = nil, fmt.Errorf("%w: reading the body failed: %v", ErrUnsupported, p)
		}
	}()
	return parse(src)
}

// newlines ends every line with "\n". goldmark takes a lone "\r" for text,
// but the sanitizer makes it a line break, which Markdown would write as one.
func newlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	return bytes.ReplaceAll(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
}

// checkBody refuses a body over the limits before goldmark sees it.
func checkBody(src []byte) error {
	if len(src) > utf8.UTFMax*MaxBodyChars {
		return fmt.Errorf("%w: the body has %d bytes, at most %d characters are allowed", ErrTooLong, len(src), MaxBodyChars)
	}
	if len(src) > MaxBodyChars {
		if n := utf8.RuneCount(src); n > MaxBodyChars {
			return fmt.Errorf("%w: the body has %d characters, at most %d", ErrTooLong, n, MaxBodyChars)
		}
	}
	if !utf8.Valid(src) {
		return fmt.Errorf("%w: the body is not UTF-8 text", ErrUnsupported)
	}
	m := measure(src)
	switch {
	case m.indent > maxIndent:
		return fmt.Errorf("%w: line %d is indented %d columns, at most %d", ErrTooComplex, m.indentLine, m.indent, maxIndent)
	case m.depth > maxNesting:
		return fmt.Errorf("%w: line %d opens %d quotes or list items inside each other, at most %d", ErrTooComplex, m.depthLine, m.depth, maxNesting)
	case m.runs > maxDelimiterRuns:
		return fmt.Errorf("%w: the paragraph ending on line %d has %d runs of * or _, at most %d", ErrTooComplex, m.runsLine, m.runs, maxDelimiterRuns)
	case m.openers > maxLinkOpeners:
		return fmt.Errorf("%w: the paragraph ending on line %d has %d links (\"](\"), at most %d", ErrTooComplex, m.openersLine, m.openers, maxLinkOpeners)
	}
	return nil
}

// shape is the most of each thing that makes goldmark slow, found in one
// body, and the line where it is found.
type shape struct {
	indent, indentLine   int
	depth, depthLine     int
	runs, runsLine       int
	openers, openersLine int
}

// measure finds a body's shape in one pass. A "paragraph" here is a run of
// non-blank lines, which holds at least one whole paragraph of goldmark's
// (a tight list is one), so counts per run bound counts per paragraph.
func measure(src []byte) shape {
	var m shape
	runs, openers := 0, 0
	for lineNo := 1; len(src) > 0; lineNo++ {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		i, col := 0, 0
		for ; i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'); i++ {
			if line[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
		}
		if i == len(line) {
			runs, openers = 0, 0 // a blank line ends every paragraph
			continue
		}
		if col > m.indent {
			m.indent, m.indentLine = col, lineNo
		}
		i, depth := containerMarkers(line, i)
		if depth > m.depth && len(bytes.Trim(line, "-*_ \t\r")) > 0 { // "- - - …" alone is a break
			m.depth, m.depthLine = depth, lineNo
		}
		prev := byte(0)
		for ; i < len(line); i++ {
			c := line[i]
			switch c {
			case '\\':
				i++ // an escaped character is text
				prev = 0
				continue
			case '*', '_':
				if prev != c {
					runs++
				}
			case ']':
				if i+1 < len(line) && line[i+1] == '(' {
					openers++
				}
			}
			prev = c
		}
		if runs > m.runs {
			m.runs, m.runsLine = runs, lineNo
		}
		if openers > m.openers {
			m.openers, m.openersLine = openers, lineNo
		}
	}
	return m
}

// containerMarkers skips the quote markers (">") and list markers ("-", "+",
// "*" or a number with "." or ")", each followed by a space) that start line
// at i, and returns where the text begins and how many markers there were.
func containerMarkers(line []byte, i int) (int, int) {
	depth := 0
	for i < len(line) {
		j := i
		switch c := line[j]; {
		case c == '>':
			j++
		case (c == '-' || c == '+' || c == '*') && j+1 < len(line) && (line[j+1] == ' ' || line[j+1] == '\t'):
			j++
		case c >= '0' && c <= '9':
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				j++
			} else {
				j = i
			}
		}
		if j == i {
			break
		}
		depth++
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		i = j
	}
	return i, depth
}

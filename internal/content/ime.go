package content

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Chinese input methods type some Markdown in forms that CommonMark reads as
// text: "##小标题" with no space after the hashes, full-width "＃" and "＞"
// at the start of a line, and links with full-width brackets or parentheses,
// "[文字]（https://…）" or "【文字】（https://…）". Understand reads those
// where the intent is plain, and only there: never inside code, never "#1"
// or "#hashtag" (a heading without a space needs a Chinese character after
// the hashes), never "＞" before a number ("＞50岁" compares).

// FixKind is what Understand did with a line, or why it flags one.
type FixKind int

const (
	// FixHeading: "##小标题", "＃＃ 小标题" or "##　小标题" read as a sub-heading.
	FixHeading FixKind = iota + 1
	// FixQuote: "＞引文" read as a quote.
	FixQuote
	// FixLink: a link with full-width brackets or parentheses read as a link.
	FixLink
	// FlagQuoteMark: a line starts with "》" (what Shift+. types in Chinese
	// mode); it stays text, since "》" closes a title, but may be a quote meant.
	FlagQuoteMark
)

// Fix is one place where Understand read (or would not read) an input
// method's habit: the line, and the text as typed there.
type Fix struct {
	Line int
	Kind FixKind
	Text string
}

// linkIME is a link with at least one full-width bracket or parenthesis
// (checked after matching) around a web or mail address.
var linkIME = regexp.MustCompile("[\\[［【]([^\\[\\]［］【】\n`]*)[\\]］】][(（]((?:https?://|mailto:)[^\\s()（）<>`\\[\\]]+)[)）]")

// Understand returns src with the input-method forms written as the
// Markdown they mean, and what it changed or flagged, in source order. The
// result has the same lines as src.
func Understand(src []byte) ([]byte, []Fix) {
	src = newlines(src)
	if !mayNeedIME(src) || checkBody(src) != nil {
		return src, nil // a body over the limits is never parsed
	}
	return understand(src)
}

// understand does the work of Understand, for a body within the limits.
func understand(src []byte) ([]byte, []Fix) {
	if !mayNeedIME(src) {
		return src, nil
	}
	doc := md.Parser().Parse(text.NewReader(src))
	type edit struct {
		start, stop int
		with        string
	}
	var edits []edit
	var fixes []Fix
	// Lines are counted by searching where each starts: a body of
	// thousands of forms is read in linear time, as the limits promise.
	var breaks []int
	for i, c := range src {
		if c == '\n' {
			breaks = append(breaks, i)
		}
	}
	fix := func(at int, k FixKind, typed string) {
		fixes = append(fixes, Fix{Line: sort.SearchInts(breaks, at) + 1, Kind: k, Text: snippet(typed)})
	}
	// Code is never touched: a link-like match inside a code span is left.
	var code [][2]int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cs, ok := n.(*ast.CodeSpan); ok && entering {
			for c := cs.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					code = append(code, [2]int{t.Segment.Start, t.Segment.Stop})
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	// The spans come in source order and do not overlap: the first that
	// ends after start is the only one that may hold [start, stop).
	inCode := func(start, stop int) bool {
		i := sort.Search(len(code), func(i int) bool { return code[i][1] > start })
		return i < len(code) && code[i][0] < stop
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		default:
			return ast.WalkContinue, nil
		}
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := src[seg.Start:seg.Stop]
			// Sub-headings and quotes start a top-level line.
			at := seg.Start
			for at < seg.Stop && src[at] == ' ' {
				at++
			}
			if _, top := n.(*ast.Paragraph); top && n.Parent() == doc && indentOK(src, at) && !inCode(at, at+1) {
				if with, used, k := lineStart(src[at:seg.Stop]); k == FlagQuoteMark {
					fix(at, k, string(line))
				} else if k != 0 {
					edits = append(edits, edit{at, at + used, with})
					fix(at, k, string(line))
				}
			}
			for _, m := range linkIME.FindAllSubmatchIndex(line, -1) {
				start, stop := seg.Start+m[0], seg.Start+m[1]
				whole := src[start:stop]
				if line[m[0]] == '[' && line[m[3]] == ']' && line[m[3]+1] == '(' && line[m[1]-1] == ')' {
					continue // plain Markdown: not an input method's
				}
				if start > 0 && src[start-1] == '\\' || m[3] > m[2] && line[m[3]-1] == '\\' || inCode(start, stop) {
					continue // escaped, or code
				}
				if start > 0 && src[start-1] == '!' {
					continue // an image: named files, not addresses
				}
				edits = append(edits, edit{start, stop, "[" + string(line[m[2]:m[3]]) + "](" + string(line[m[4]:m[5]]) + ")"})
				fix(start, FixLink, string(whole))
			}
		}
		return ast.WalkContinue, nil
	})
	if len(edits) == 0 {
		return src, fixes
	}
	sort.SliceStable(fixes, func(i, j int) bool { return fixes[i].Line < fixes[j].Line })
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	out := make([]byte, 0, len(src)+len(edits)*2)
	done := 0
	for _, e := range edits {
		out = append(append(out, src[done:e.start]...), e.with...)
		done = e.stop
	}
	return append(out, src[done:]...), fixes
}

// mayNeedIME is a cheap look for anything Understand reads, so most bodies
// are parsed once.
func mayNeedIME(src []byte) bool {
	for _, s := range []string{"＃", "＞", "\n》", "]（", "］（", "】（", "］(", "】("} {
		if bytes.Contains(src, []byte(s)) {
			return true
		}
	}
	if bytes.HasPrefix(bytes.TrimLeft(src, " "), []byte("》")) {
		return true
	}
	for i := bytes.IndexByte(src, '#'); i >= 0 && i+1 < len(src); {
		if src[i+1] >= utf8.RuneSelf {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '#')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// indentOK reports whether the line holding at is indented at most three
// spaces before it: four would be code, or a paragraph's continuation.
func indentOK(src []byte, at int) bool {
	ls := bytes.LastIndexByte(src[:at], '\n') + 1
	pre := src[ls:at]
	return len(pre) <= 3 && len(bytes.Trim(pre, " ")) == 0
}

// lineStart reads a line's start as a sub-heading or quote typed by an
// input method: what to write instead of the first used bytes, and which.
func lineStart(line []byte) (with string, used int, k FixKind) {
	r, size := utf8.DecodeRune(line)
	switch r {
	case '#', '＃':
		return headingStart(line)
	case '＞':
		return quoteStart(line)
	case '》':
		if rest := bytes.TrimSpace(line[size:]); len(rest) > 0 {
			return "", 0, FlagQuoteMark
		}
	}
	return "", 0, 0
}

func headingStart(line []byte) (string, int, FixKind) {
	i, level, wide := 0, 0, false
	for i < len(line) {
		r, size := utf8.DecodeRune(line[i:])
		if r != '#' && r != '＃' {
			break
		}
		wide = wide || r == '＃'
		level++
		i += size
	}
	if level > 6 {
		return "", 0, 0
	}
	next, size := utf8.DecodeRune(line[i:])
	rest := strings.TrimSpace(strings.TrimLeft(string(line[i:]), "\u3000 \t"))
	switch {
	case rest == "":
		return "", 0, 0
	case next == ' ' || next == '\t':
		if !wide {
			return "", 0, 0 // a heading already
		}
		return strings.Repeat("#", level), i, FixHeading
	case next == '\u3000':
		return strings.Repeat("#", level) + " ", i + size, FixHeading
	case level == 1 && strings.ContainsAny(rest, "#＃"):
		return "", 0, 0 // "#话题# …": a Weibo topic, not a heading
	case cjkStart(next):
		return strings.Repeat("#", level) + " ", i, FixHeading
	}
	return "", 0, 0
}

func quoteStart(line []byte) (string, int, FixKind) {
	var b strings.Builder
	i := 0
markers:
	for i < len(line) {
		r, size := utf8.DecodeRune(line[i:])
		switch r {
		case '＞', '>':
			b.WriteByte('>')
		case ' ', '\u3000':
			b.WriteByte(' ')
		default:
			break markers
		}
		i += size
	}
	next, _ := utf8.DecodeRune(line[i:])
	spaced := strings.HasSuffix(b.String(), " ")
	if i == len(line) || !spaced && !cjkStart(next) {
		return "", 0, 0 // "＞50岁": a comparison
	}
	if !spaced {
		b.WriteByte(' ')
	}
	return b.String(), i, FixQuote
}

// cjkStart reports whether r can begin Chinese text: a Chinese (or Japanese,
// Korean) character, or full-width punctuation such as "（" or "“".
func cjkStart(r rune) bool {
	return countsAlone(r) || r == '“' || r == '‘'
}

// snippet is the start of what was typed, short enough for a notice.
func snippet(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

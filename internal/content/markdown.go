package content

import (
	"bytes"
	"fmt"
	"html"
	"reflect"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	xhtml "golang.org/x/net/html"

	"broadsheet/internal/news"
)

// Markdown writes body blocks back as Markdown that Blocks reads into the
// same blocks, for stories stored without their Markdown source (older
// databases, the synthetic corpus). Blocks a writer could not have produced
// from Markdown are written as closely as the format allows.
func Markdown(blocks []news.Block) string {
	var b strings.Builder
	prev := news.BlockKind("")
	for _, bl := range blocks {
		s := blockMarkdown(bl)
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if prev == news.BlockList && bl.Kind == news.BlockList {
				// A blank line alone would join two lists into one; Blocks skips HTML.
				b.WriteString("<!-- -->\n\n")
			}
		}
		b.WriteString(s)
		b.WriteString("\n")
		prev = bl.Kind
	}
	return b.String()
}

func blockMarkdown(bl news.Block) string {
	switch bl.Kind {
	case news.BlockParagraph:
		return inlineMarkdown(bl.HTML, bl.Text)
	case news.BlockHeading:
		return headingMarkdown(bl.Text)
	case news.BlockQuote:
		return prefixLines(inlineMarkdown(bl.HTML, bl.Text), "> ", "> ")
	case news.BlockList:
		return listMarkdown(bl.HTML)
	case news.BlockImage:
		if bl.Image == nil {
			return ""
		}
		return imageMarkdown(bl.Image.Alt, bl.Image.Name, bl.Image.Caption)
	case news.BlockEmbed:
		if bl.Embed == nil {
			return ""
		}
		return embedMarkdown(*bl.Embed)
	}
	return ""
}

// prefixLines starts the first line with first and every other with rest.
func prefixLines(s, first, rest string) string {
	return first + strings.ReplaceAll(s, "\n", "\n"+rest)
}

// headingMarkdown writes a sub-heading. Blocks keeps a heading's source text
// (escapes included), so the text as it is usually reads back the same.
func headingMarkdown(t string) string {
	want := []news.Block{{Kind: news.BlockHeading, Text: t}}
	candidates := []string{"## " + t}
	if !strings.Contains(t, "`") {
		candidates = append(candidates, "## `"+t+"`")
	}
	return firstThatReads(candidates, want)
}

// ImageMarkdown is the body line that shows the stored picture name with
// its alt text and caption (the image's title), escaped so that Blocks
// reads back exactly this alt text and caption.
func ImageMarkdown(alt, name, caption string) string { return imageMarkdown(alt, name, caption) }

// imageMarkdown writes an inline image; alt text and caption are escaped
// where Markdown would read them as markup, and escaped throughout when that
// is not enough.
func imageMarkdown(alt, name, caption string) string {
	dest := name
	if name == "" || strings.ContainsAny(name, " \t()<>") {
		dest = "<" + name + ">"
	}
	want := []news.Block{{Kind: news.BlockImage, Image: &news.Image{Name: name, Alt: alt, Caption: caption}}}
	line := func(altChars, capChars string) string {
		s := "![" + escapeChars(alt, altChars) + "](" + dest
		if caption != "" {
			s += ` "` + escapeChars(caption, capChars) + `"`
		}
		return s + ")"
	}
	return firstThatReads([]string{line("\\`*_[]<>&!", "\\\"&"), line(asciiPunct, asciiPunct)}, want)
}

// asciiPunct is every character a backslash escapes in Markdown.
const asciiPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// escapeChars puts a backslash before each of chars in s.
func escapeChars(s, chars string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(chars, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// firstThatReads returns the first candidate that Blocks reads as want, or
// the first candidate when none does.
func firstThatReads(candidates []string, want []news.Block) string {
	for _, c := range candidates {
		if got, err := Blocks([]byte(c)); err == nil && reflect.DeepEqual(got, want) {
			return c
		}
	}
	return candidates[0]
}

// inlineWriter turns sanitized inline HTML back into Markdown source.
type inlineWriter struct {
	b         strings.Builder
	lineStart bool // the next rune starts a line
	digits    bool // the line so far is digits: a following "." or ")" would start a list
	// text is the block's plain text; where it has a newline and the HTML a
	// space, the source had a line break, which changes the text if lost.
	text       []rune
	pos        int
	skipSpace  bool // the space after <br> stands for the newline the renderer wrote
	justOpened bool // the last token opened strong emphasis
	prev       rune // the last rune of text written
}

// inlineMarkdown converts a block's sanitized inline HTML; plain is the
// block's Text, used to restore soft line breaks (may be empty).
func inlineMarkdown(h, plain string) string {
	w := &inlineWriter{lineStart: true, text: []rune(html.UnescapeString(plain))}
	w.fragment(h)
	return strings.TrimRight(w.b.String(), " \n")
}

func (w *inlineWriter) fragment(h string) {
	z := xhtml.NewTokenizer(strings.NewReader(h))
	var links []string // destinations of the open links
	var ems []string   // delimiters of the open emphases
	inCode := false
	var code strings.Builder
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return
		}
		tok := z.Token()
		opened := w.justOpened
		w.justOpened = false
		switch tt {
		case xhtml.TextToken:
			if inCode {
				code.WriteString(tok.Data)
				w.align(tok.Data)
				continue
			}
			w.textRun(tok.Data)
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			switch tok.Data {
			case "em", "i":
				// "***" reads as emphasis around strong, so emphasis opening
				// right inside strong takes the other delimiter.
				d := "*"
				if opened {
					d = "_"
				}
				ems = append(ems, d)
				w.raw(d)
			case "strong", "b":
				w.raw("**")
				w.justOpened = true
			case "code":
				inCode = true
				code.Reset()
			case "a":
				href := ""
				for _, a := range tok.Attr {
					if a.Key == "href" {
						href = a.Val
					}
				}
				links = append(links, href)
				if out := w.b.String(); strings.HasSuffix(out, "!") {
					// "!" before "[" would make the link an image; char never escapes "!".
					w.b.Reset()
					w.b.WriteString(out[:len(out)-1] + "\\!")
				}
				w.raw("[")
			case "br":
				w.raw("\\\n")
				w.lineStart, w.digits = true, false
				w.skipSpace = true
			}
		case xhtml.EndTagToken:
			switch tok.Data {
			case "em", "i":
				d := "*"
				if n := len(ems); n > 0 {
					d, ems = ems[n-1], ems[:n-1]
				}
				w.raw(d)
			case "strong", "b":
				w.raw("**")
			case "code":
				if inCode {
					inCode = false
					w.raw(codeSpan(code.String()))
				}
			case "a":
				if n := len(links); n > 0 {
					w.raw("](" + linkDest(links[n-1]) + ")")
					links = links[:n-1]
				}
			}
		}
	}
}

// raw writes Markdown syntax, which never starts a list or a heading.
func (w *inlineWriter) raw(s string) {
	w.b.WriteString(s)
	w.lineStart, w.digits, w.prev = false, false, 0
}

// align advances through the plain text alongside s, and reports whether
// each rune of s stood for a line break there.
func (w *inlineWriter) align(s string) []bool {
	breaks := make([]bool, 0, len(s))
	for _, r := range s {
		br := false
		if w.text != nil && w.pos < len(w.text) {
			switch t := w.text[w.pos]; {
			case t == r:
				w.pos++
			case t == '\n' && r == ' ':
				w.pos++
				br = true
			default:
				w.text = nil // lost step: keep the words, not the line breaks
			}
		}
		breaks = append(breaks, br)
	}
	return breaks
}

func (w *inlineWriter) textRun(s string) {
	breaks := w.align(s)
	i := 0
	for _, r := range s {
		br := breaks[i]
		i++
		if w.skipSpace {
			w.skipSpace = false
			if r == ' ' || r == '\n' {
				continue
			}
		}
		if br || r == '\n' {
			w.b.WriteByte('\n')
			w.lineStart, w.digits = true, false
			continue
		}
		w.char(r)
	}
}

// char writes one rune of text, escaped where Markdown would read it as syntax.
func (w *inlineWriter) char(r rune) {
	start, digits := w.lineStart, w.digits
	w.lineStart, w.digits = false, false
	prev := w.prev
	w.prev = r
	// Understand reads these as an input method's heading, quote or link;
	// as character references they stay text.
	switch {
	case start && (r == '＃' || r == '＞'), r == '（' && strings.ContainsRune("]］】", prev):
		fmt.Fprintf(&w.b, "&#x%X;", r)
		return
	case r == '(' && strings.ContainsRune("]］】", prev):
		w.b.WriteByte('\\')
	}
	switch {
	case strings.ContainsRune("\\`*_[]<>&", r):
		w.b.WriteByte('\\')
	case start && strings.ContainsRune("#-+=~|", r):
		w.b.WriteByte('\\')
	case digits && (r == '.' || r == ')'):
		w.b.WriteByte('\\')
	case (start || digits) && r >= '0' && r <= '9':
		w.digits = true
	case start && (r == ' ' || r == '\t'):
		w.lineStart = true // what follows the indentation still starts the line
	}
	w.b.WriteRune(r)
}

// codeSpan writes code in a fence of backticks longer than any run inside it.
func codeSpan(c string) string {
	longest, run := 0, 0
	for _, r := range c {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(c, "`") || strings.HasSuffix(c, "`") ||
		(strings.HasPrefix(c, " ") && strings.HasSuffix(c, " ") && strings.Trim(c, " ") != "") {
		c = " " + c + " "
	}
	return fence + c + fence
}

// linkDest writes a link destination; the renderer percent-encodes it again,
// which leaves an already encoded URL as it is.
func linkDest(href string) string {
	var b strings.Builder
	for _, r := range href {
		if strings.ContainsRune("\\()<>&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	if strings.ContainsAny(href, " \t\n") {
		return "<" + b.String() + ">"
	}
	return b.String()
}

// listItem is one <li> of a list block's HTML, with the lists nested in it.
type listItem struct {
	html     strings.Builder
	children []*listItem
	tail     strings.Builder // text after the nested list, still in this item
}

// listMarkdown writes a list block: its HTML keeps the items, their line
// breaks and nesting, but not whether the list was numbered.
func listMarkdown(h string) string {
	z := xhtml.NewTokenizer(strings.NewReader(h))
	var top []*listItem
	var open []*listItem
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		raw := string(z.Raw())
		name, _ := z.TagName()
		switch {
		case tt == xhtml.StartTagToken && string(name) == "li":
			it := &listItem{}
			if n := len(open); n > 0 {
				open[n-1].children = append(open[n-1].children, it)
			} else {
				top = append(top, it)
			}
			open = append(open, it)
		case tt == xhtml.EndTagToken && string(name) == "li":
			if n := len(open); n > 0 {
				open = open[:n-1]
			}
		default:
			if n := len(open); n > 0 && len(open[n-1].children) == 0 {
				open[n-1].html.WriteString(raw)
			} else if n > 0 {
				open[n-1].tail.WriteString(raw)
			}
		}
	}
	return itemsMarkdown(top)
}

func itemsMarkdown(items []*listItem) string {
	// A loose list wraps each item's text in paragraphs, which leaves a
	// newline at both ends of the item once the <p> tags are dropped.
	loose := false
	for _, it := range items {
		if strings.HasPrefix(it.html.String(), "\n") {
			loose = true
		}
	}
	var parts []string
	for _, it := range items {
		inner := strings.Trim(it.html.String(), "\n")
		s := prefixLines(inlineMarkdown(inner, ""), "- ", "  ")
		if len(it.children) > 0 {
			s += "\n" + prefixLines(itemsMarkdown(it.children), "  ", "  ")
		}
		// Text after a nested list is a paragraph of the same item: a blank
		// line, then indented to the item's content.
		if tail := strings.Trim(it.tail.String(), "\n"); strings.TrimSpace(tail) != "" {
			s += "\n\n" + prefixLines(inlineMarkdown(tail, ""), "  ", "  ")
		}
		parts = append(parts, s)
	}
	sep := "\n"
	if loose {
		sep = "\n\n"
	}
	return strings.Join(parts, sep)
}

// RenameImages rewrites the destination of each inline image whose name is a
// key of names to its value, leaving the rest of the source as written. An
// image whose destination cannot be found in the text (written with escapes)
// is written out anew.
func RenameImages(src string, names map[string]string) string {
	s := []byte(src)
	if checkBody(s) != nil {
		return src // Blocks refuses it, and says why
	}
	doc := md.Parser().Parse(text.NewReader(s))
	type edit struct {
		start, stop int
		with        string
	}
	var edits []edit
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		p, ok := n.(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		im, ok := soleImage(p)
		if !ok {
			continue
		}
		old := string(im.Destination)
		to, ok := names[old]
		if !ok || to == old {
			continue
		}
		lines := p.Lines()
		start, stop := lines.At(0).Start, lines.At(lines.Len()-1).Stop
		// The destination follows the alt text, so look after its last piece.
		from := start + 2
		_ = ast.Walk(im, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := c.(*ast.Text); ok && entering && t.Segment.Stop > from {
				from = t.Segment.Stop
			}
			return ast.WalkContinue, nil
		})
		if at, ok := findDest(s[from:stop], old); ok {
			edits = append(edits, edit{from + at, from + at + len(old), destText(old, to, s[from+at-1])})
			continue
		}
		edits = append(edits, edit{start, stop, imageMarkdown(imageAlt(im, s), to, unescape(im.Title))})
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	for _, e := range edits {
		s = append(s[:e.start:e.start], append([]byte(e.with), s[e.stop:]...)...)
	}
	return string(s)
}

// destText is the new destination; a name that needs angle brackets gets
// them unless the old one already had them.
func destText(old, to string, before byte) string {
	if before != '<' && strings.ContainsAny(to, " \t()<>") {
		return "<" + to + ">"
	}
	return to
}

// findDest finds dest written as a link destination, "](dest" or "](<dest>",
// in b and returns its offset.
func findDest(b []byte, dest string) (int, bool) {
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("]("))
		if i < 0 {
			return 0, false
		}
		j := off + i + 2
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
			j++
		}
		angle := j < len(b) && b[j] == '<'
		if angle {
			j++
		}
		if bytes.HasPrefix(b[j:], []byte(dest)) {
			k := j + len(dest)
			switch {
			case angle && k < len(b) && b[k] == '>':
				return j, true
			case !angle && (k == len(b) || strings.ContainsRune(" \t\r\n)", rune(b[k]))):
				return j, true
			}
		}
		off += i + 2
	}
}

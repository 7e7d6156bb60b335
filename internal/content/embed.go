package content

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"broadsheet/internal/news"
)

// maxEmbedBytes bounds the text of an ```embed fence: four short lines.
const maxEmbedBytes = 2 << 10

// parseEmbed reads and checks the ```embed fence n of src.
func parseEmbed(n *ast.FencedCodeBlock, src []byte) (news.Embed, error) {
	lines := n.Lines()
	size := 0
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		size += seg.Len()
	}
	if size > maxEmbedBytes {
		return news.Embed{}, fmt.Errorf("%w: %w: the block holds %d bytes, at most %d", ErrEmbed, ErrEmbedSize, size, maxEmbedBytes)
	}
	var b strings.Builder
	b.Grow(size)
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	e, err := readEmbed(b.String())
	if err != nil {
		return e, err
	}
	return e, checkEmbed(e)
}

// embedKeys are the keys an embed fence may hold, in the order Markdown writes them.
var embedKeys = [...]string{"kind", "src", "url", "title"}

func embedField(e *news.Embed, key string) *string {
	switch key {
	case "kind":
		return &e.Kind
	case "src":
		return &e.Src
	case "url":
		return &e.URL
	case "title":
		return &e.Title
	}
	return nil
}

// readEmbed reads the text of an embed fence: lines of key = "value" with
// the keys of embedKeys, each at most once, values in double quotes with
// TOML's escapes; blank lines and # comments are allowed. It is a line
// parser of its own, not TOML, so that a fence costs time in proportion to
// its length and nothing else can be written in it.
func readEmbed(s string) (news.Embed, error) {
	var e news.Embed
	if len(s) > maxEmbedBytes {
		return e, fmt.Errorf("%w: %w: the block holds %d bytes, at most %d", ErrEmbed, ErrEmbedSize, len(s), maxEmbedBytes)
	}
	if !utf8.ValidString(s) {
		return e, fmt.Errorf("%w: the block is not valid UTF-8", ErrEmbed)
	}
	seen := map[string]bool{}
	for n, line := range strings.Split(s, "\n") {
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%w: line %d: %s", ErrEmbed, n+1, fmt.Sprintf(format, args...))
		}
		rest := strings.TrimLeft(strings.TrimRight(line, "\r"), " \t")
		if rest == "" || rest[0] == '#' {
			continue
		}
		end := strings.IndexFunc(rest, func(r rune) bool { return !isKeyRune(r) })
		if end < 0 {
			end = len(rest)
		}
		key := rest[:end]
		if key == "" {
			return e, bad("want key = \"value\"")
		}
		field := embedField(&e, key)
		if field == nil {
			return e, bad("unknown key %q; the keys are %s", key, strings.Join(embedKeys[:], ", "))
		}
		if seen[key] {
			return e, bad("%s is given twice", key)
		}
		seen[key] = true
		rest = strings.TrimLeft(rest[end:], " \t")
		if !strings.HasPrefix(rest, "=") {
			return e, bad("want %s = \"value\"", key)
		}
		rest = strings.TrimLeft(rest[1:], " \t")
		if !strings.HasPrefix(rest, `"`) {
			return e, bad("the value of %s goes in double quotes", key)
		}
		v, after, err := unquoteValue(rest)
		if err != nil {
			return e, bad("%s: %v", key, err)
		}
		if after = strings.TrimLeft(after, " \t"); after != "" && after[0] != '#' {
			return e, bad("unexpected %q after the value of %s", after, key)
		}
		*field = v
	}
	// Markdown writes the embed out in full; what it writes must read back.
	if n := len(embedText(e)); n > maxEmbedBytes {
		return e, fmt.Errorf("%w: %w: written out, the block holds %d bytes, at most %d", ErrEmbed, ErrEmbedSize, n, maxEmbedBytes)
	}
	return e, nil
}

func isKeyRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
}

// unquoteValue reads the double-quoted string at the start of s, with TOML's
// escapes, and returns it and what follows it.
func unquoteValue(s string) (string, string, error) {
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), s[i+1:], nil
		case c == '\\':
			if i+1 == len(s) {
				return "", "", errors.New("unfinished escape")
			}
			switch e := s[i+1]; e {
			case '"', '\\':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 't':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			case 'f':
				b.WriteByte('\f')
			case 'r':
				b.WriteByte('\r')
			case 'u', 'U':
				digits := 4
				if e == 'U' {
					digits = 8
				}
				if i+2+digits > len(s) {
					return "", "", fmt.Errorf("\\%c needs %d hex digits", e, digits)
				}
				hex := s[i+2 : i+2+digits]
				r, err := strconv.ParseUint(hex, 16, 32)
				if err != nil || !utf8.ValidRune(rune(r)) {
					return "", "", fmt.Errorf("\\%c%s is not a Unicode character", e, hex)
				}
				b.WriteRune(rune(r))
				i += digits
			default:
				return "", "", fmt.Errorf("unknown escape \\%c", e)
			}
			i += 2
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", "", fmt.Errorf("control character %U; write it as an escape", rune(c))
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", "", errors.New("no closing quote")
}

// quoteValue writes v as a double-quoted string that unquoteValue reads back as v.
func quoteValue(v string) string {
	v = strings.ToValidUTF8(v, "\uFFFD")
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// embedMarkdown writes an embed as a fence whose text readEmbed reads.
func embedMarkdown(e news.Embed) string {
	return "```embed\n" + embedText(e) + "```"
}

// embedText writes an embed's lines, every key once.
func embedText(e news.Embed) string {
	var b strings.Builder
	for _, k := range embedKeys {
		b.WriteString(k + " = " + quoteValue(*embedField(&e, k)) + "\n")
	}
	return b.String()
}

// checkEmbed allows only a video from embedHosts, with a plain link and a title.
func checkEmbed(e news.Embed) error {
	if e.Kind != "video" {
		return fmt.Errorf("%w: kind %q is not supported", ErrEmbed, e.Kind)
	}
	src, err := url.Parse(e.Src)
	if err != nil || src.Scheme != "https" || !embedHosts[src.Host] {
		return fmt.Errorf("%w: src %q is not an allowed https source", ErrEmbed, e.Src)
	}
	u, err := url.Parse(e.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%w: url %q must be an absolute http(s) link", ErrEmbed, e.URL)
	}
	if strings.TrimSpace(e.Title) == "" {
		return fmt.Errorf("%w: title is required", ErrEmbed)
	}
	return nil
}

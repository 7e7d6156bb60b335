// Package content reads stories written as Markdown with TOML front matter —
// the format of the demo edition — into sanitized body blocks.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"broadsheet/internal/news"
)

// Meta is a translation's front matter. Format leaves out the optional
// fields when they are empty (omitempty); Parse reads them either way.
type Meta struct {
	Key       string    `toml:"key"`
	Lang      news.Lang `toml:"lang"`
	Slug      string    `toml:"slug"`
	Headline  string    `toml:"headline"`
	Summary   string    `toml:"summary,omitempty"`
	Section   string    `toml:"section"`
	Byline    string    `toml:"byline,omitempty"`
	Published time.Time `toml:"published,omitempty"`
	Updated   time.Time `toml:"updated,omitempty"`
	Image     string    `toml:"image,omitempty"`
	Caption   string    `toml:"caption,omitempty"`
	Credit    string    `toml:"credit,omitempty"`
	Alt       string    `toml:"alt,omitempty"`
	// Held: the newsroom keeps this language unpublished for now.
	Held bool `toml:"held,omitempty"`
	// HantExceptions, in a zh-Hans file, are the story's own rules for the
	// Traditional edition, one a line as the newsroom's editor takes them
	// (news.ParseRules).
	HantExceptions string `toml:"zh-hant-exceptions,omitempty"`
	// Pairs, in a translation, pairs its blocks with the original's
	// ("1 2 3+4 note 5"; package align); left out: block by block.
	Pairs string `toml:"pairs,omitempty"`
	// TranslatedFrom, in a translation behind its original, is the hash of
	// each original block it was made from, in order ("-" for one added
	// since); left out: made from the original as it is.
	TranslatedFrom string `toml:"translated-from,omitempty"`
}

// Doc is one parsed translation file.
type Doc struct {
	Meta Meta
	Body []news.Block
	// Markdown is the body text after the front matter, exactly as written.
	Markdown string
}

// embedHosts are the only third-party origins an embed may load from; the
// CSP's frame-src lists the same hosts.
var embedHosts = map[string]bool{
	"www.youtube-nocookie.com": true,
	"player.vimeo.com":         true,
	"player.bilibili.com":      true, // where Chinese readers can play video
}

// EmbedOrigins is the CSP frame-src list matching embedHosts.
func EmbedOrigins() []string {
	out := make([]string, 0, len(embedHosts))
	for h := range embedHosts {
		out = append(out, "https://"+h)
	}
	return out
}

var (
	md = goldmark.New()
	// inline allows only the phrasing markup a story paragraph needs.
	inline = func() *bluemonday.Policy {
		p := bluemonday.NewPolicy()
		p.AllowElements("em", "strong", "code", "br", "sub", "sup", "li", "b", "i")
		p.AllowAttrs("href").OnElements("a")
		p.AllowURLSchemes("https", "http", "mailto")
		p.RequireNoFollowOnFullyQualifiedLinks(true)
		p.RequireParseableURLs(true)
		return p
	}()
	plain = bluemonday.StrictPolicy()
)

// What can be wrong with a body, so callers can explain it in the writer's
// language; every error from Blocks wraps one of these.
var (
	ErrImageName   = errors.New("inline image name")
	ErrCodeBlock   = errors.New("code block")
	ErrUnsupported = errors.New("unsupported block")
	ErrEmbed       = errors.New("embed")
	// ErrEmbedSize is an embed fence over 2 KB; it wraps ErrEmbed too.
	ErrEmbedSize = errors.New("embed size")
	// ErrTooLong is a body over MaxBodyChars, refused unread.
	ErrTooLong = errors.New("too long")
	// ErrTooComplex is a body nested or marked up beyond the limits in
	// guard.go, refused unread, or one that took too long to read.
	ErrTooComplex = errors.New("too complex")
)

// Parse reads one translation file: front matter between "+++" lines, then Markdown.
func Parse(src []byte) (Doc, error) {
	var d Doc
	front, body, err := splitFront(src)
	if err != nil {
		return d, err
	}
	if err := checkFront(front); err != nil {
		return d, err
	}
	md, err := toml.Decode(string(front), &d.Meta)
	if err != nil {
		return d, fmt.Errorf("front matter: %w", err)
	}
	// A misspelt field would otherwise be dropped in silence: a mistyped
	// "published" would turn a story into a draft.
	if extra := md.Undecoded(); len(extra) > 0 {
		return d, fmt.Errorf("front matter: unknown field %q", extra[0].String())
	}
	d.Markdown = string(body)
	d.Body, err = Blocks(body)
	return d, err
}

// Format writes a translation file that Parse reads back: front matter, then
// the Markdown exactly as given. Times are written in UTC; a zero time is left out.
func Format(m Meta, markdown string) ([]byte, error) {
	f := m
	if !f.Published.IsZero() {
		f.Published = f.Published.UTC()
	}
	if !f.Updated.IsZero() {
		f.Updated = f.Updated.UTC()
	}
	var b bytes.Buffer
	b.WriteString("+++\n")
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	b.WriteString("+++\n")
	b.WriteString(markdown)
	return b.Bytes(), nil
}

func splitFront(src []byte) (front, body []byte, err error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	const fence = "+++"
	if !bytes.HasPrefix(src, []byte(fence+"\n")) && !bytes.HasPrefix(src, []byte(fence+"\r\n")) {
		return nil, nil, errors.New("front matter: the file must start with a +++ line")
	}
	rest := src[bytes.IndexByte(src, '\n')+1:]
	for off := 0; off < len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if end >= 0 {
			line = rest[off : off+end]
		}
		if string(bytes.TrimRight(line, "\r")) == fence {
			if end < 0 {
				return rest[:off], nil, nil
			}
			return rest[:off], rest[off+end+1:], nil
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, nil, errors.New("front matter: no closing +++ line")
}

// blocks does the work of Blocks, once the body has passed its limits.
func blocks(src []byte) ([]news.Block, error) {
	if understood, fixes := understand(src); len(fixes) > 0 {
		// Each link read adds a "](": the limits hold for what goldmark reads.
		if err := checkBody(understood); err != nil {
			return nil, err
		}
		src = understood
	}
	doc := md.Parser().Parse(text.NewReader(src))
	if n := doc.ChildCount(); n > maxBodyBlocks {
		return nil, fmt.Errorf("%w: the body has %d blocks, at most %d", ErrTooComplex, n, maxBodyBlocks)
	}
	var blocks []news.Block
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			t := strings.TrimSpace(plainText(n, src))
			if t != "" {
				blocks = append(blocks, news.Block{Kind: news.BlockHeading, Text: t})
			}
		case *ast.Paragraph:
			if im, ok := soleImage(n); ok {
				name := string(im.Destination)
				if strings.Contains(name, "/") || strings.Contains(name, "\\") || name == "" {
					return nil, fmt.Errorf("%w: inline image %q: name a file beside the story", ErrImageName, name)
				}
				blocks = append(blocks, news.Block{Kind: news.BlockImage, Image: &news.Image{
					Name: name, Alt: imageAlt(im, src), Caption: unescape(im.Title),
				}})
				continue
			}
			b, err := phrasing(news.BlockParagraph, n, src)
			if err != nil {
				return nil, err
			}
			blocks = appendShown(blocks, b)
		case *ast.Blockquote, *ast.List:
			kind := news.BlockQuote
			if _, ok := n.(*ast.List); ok {
				kind = news.BlockList
			}
			b, err := phrasing(kind, n, src)
			if err != nil {
				return nil, err
			}
			blocks = appendShown(blocks, b)
		case *ast.FencedCodeBlock:
			if string(n.Language(src)) != "embed" {
				return nil, fmt.Errorf("%w: code blocks other than ```embed are not supported in stories", ErrCodeBlock)
			}
			e, err := parseEmbed(n, src)
			if err != nil {
				return nil, err
			}
			blocks = append(blocks, news.Block{Kind: news.BlockEmbed, Embed: &e})
		case *ast.ThematicBreak, *ast.HTMLBlock:
			// Breaks carry no content; raw HTML is never trusted.
		default:
			return nil, fmt.Errorf("%w: unsupported Markdown block %s", ErrUnsupported, n.Kind())
		}
	}
	return blocks, nil
}

// appendShown appends b unless it has no text left once sanitized ("[]()",
// "<span></span>", "> 1)"): a reader would see nothing, and Markdown could
// not write it.
func appendShown(blocks []news.Block, b news.Block) []news.Block {
	if b.Text == "" {
		return blocks
	}
	return append(blocks, b)
}

func soleImage(p *ast.Paragraph) (*ast.Image, bool) {
	if p.ChildCount() != 1 {
		return nil, false
	}
	im, ok := p.FirstChild().(*ast.Image)
	return im, ok
}

// phrasing renders a block's inline content to sanitized HTML and keeps its plain text.
func phrasing(kind news.BlockKind, n ast.Node, src []byte) (news.Block, error) {
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, n); err != nil {
		return news.Block{}, err
	}
	h := inline.Sanitize(buf.String())
	if kind == news.BlockList {
		// Keep list items apart; the view wraps them in <ul>.
		h = strings.TrimSpace(h)
	} else {
		h = strings.TrimSpace(strings.ReplaceAll(h, "\n", " "))
	}
	return news.Block{Kind: kind, HTML: h, Text: strings.TrimSpace(plain.Sanitize(buf.String()))}, nil
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// imageAlt is an inline image's alt text as readers get it: markup dropped,
// escapes and character references resolved.
func imageAlt(im *ast.Image, src []byte) string {
	return unescape([]byte(plainText(im, src)))
}

// unescape resolves backslash escapes and character references, as a
// Markdown renderer does in text and link titles: an escaped "&" starts no
// reference.
func unescape(b []byte) string {
	var out []byte
	start := 0
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]) {
			out = append(out, references(b[start:i])...)
			out = append(out, b[i+1])
			i++
			start = i + 1
		}
	}
	return string(append(out, references(b[start:])...))
}

func references(b []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(b))
}

package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
	templruntime "github.com/a-h/templ/runtime"

	"broadsheet/internal/gzsplice"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// The frame around a story — doctype, consent banner, masthead, navigation,
// trends, footer — is the same for every story of a section, but for the
// page's own address (where consent forms and the cookie link return) and
// where the language menu leads. So it is rendered once per edition,
// consent state and section, with stand-ins for those values, and kept
// compressed in pieces; a story page is then its pieces, its stored parts
// and the few bytes of its address and language menu, with nothing compressed per
// request (BENCHMARKS.md, "Long tail").

// Stand-ins rendered in place of a page's own values: private-use
// characters, which no address holds.
const standInPath = "\ue000path\ue000"

// standInMenu stands in for where the language menu's link to the i-th
// edition leads.
func standInMenu(i int) string { return "\ue000menu" + strconv.Itoa(i) + "\ue000" }

// pieceKind says what goes in one place of a story page.
type pieceKind uint8

const (
	pieceFixed   pieceKind = iota // the frame's own bytes, compressed once
	piecePath                     // the page's path, as an attribute value
	piecePathArg                  // the page's path as a query argument, as an attribute value
	pieceMenu                     // where a language menu link leads (piece.edition), as an attribute value
	pieceHead                     // the story's stored <head>
	pieceArticle                  // the story's stored <article>
	pieceRelated                  // the related list
)

type piece struct {
	kind    pieceKind
	edition int // pieceMenu: the index in news.Editions
	fixed   gzsplice.Fragment
}

// shell is a story page's frame in pieces, with its fingerprint.
type shell struct {
	pieces []piece
	sum    []byte
	size   int // compressed bytes of its own
}

type shellKey struct {
	lang    news.Lang
	consent string
	section string
}

// slot marks where a piece goes while the frame is rendered.
type slot pieceKind

func (s slot) Render(ctx context.Context, w io.Writer) error {
	r, ok := underlying(w).(*recorder)
	if !ok {
		return errors.New("web: a frame slot rendered outside a frame")
	}
	r.mark(pieceKind(s))
	return nil
}

// underlying is where a component's writer ends up: templ wraps the writer
// given to Render in a buffer, which is flushed first so what it holds
// comes before what the caller writes next.
func underlying(w io.Writer) io.Writer {
	if b, ok := w.(*templruntime.Buffer); ok {
		b.Flush()
		return b.Underlying
	}
	return w
}

// recorder collects a rendered frame: text, and the slots between.
type recorder struct {
	text  bytes.Buffer
	parts []recorded
}

type recorded struct {
	text []byte
	slot pieceKind
}

func (r *recorder) Write(p []byte) (int, error) { return r.text.Write(p) }

func (r *recorder) mark(k pieceKind) {
	r.parts = append(r.parts, recorded{bytes.Clone(r.text.Bytes()), k})
	r.text.Reset()
}

// storyShell renders the frame of lang's story pages in section for a
// consent state. p is the page as basePage filled it.
func (s *Server) storyShell(ctx context.Context, p views.Page, k shellKey) (*shell, error) {
	p.Path = standInPath
	for i := range p.Menu {
		p.Menu[i].Href = standInMenu(i)
	}
	p.Current = k.section
	p.StoredHead = slot(pieceHead)
	var r recorder
	c := views.ArticlePage(p, slot(pieceArticle), slot(pieceRelated), s.trends.get(k.lang))
	if err := c.Render(ctx, &r); err != nil {
		return nil, err
	}
	r.mark(pieceFixed) // the rest
	sum := sha256.New()
	var pieces []piece
	counts := map[pieceKind]int{}
	esc := func(s string) string { return templ.EscapeString(s) }
	type standIn struct {
		text    string
		kind    pieceKind
		edition int
	}
	standIns := []standIn{
		{esc(url.QueryEscape(standInPath)), piecePathArg, 0},
		{esc(standInPath), piecePath, 0},
	}
	for i := range p.Menu {
		standIns = append(standIns, standIn{esc(standInMenu(i)), pieceMenu, i})
	}
	for _, rec := range r.parts {
		// Split the text at every stand-in, in order of appearance.
		text := rec.text
		for len(text) > 0 {
			at, which := -1, -1
			for i, si := range standIns {
				if j := bytes.Index(text, []byte(si.text)); j >= 0 && (at < 0 || j < at) {
					at, which = j, i
				}
			}
			fixed := text
			if at >= 0 {
				fixed = text[:at]
			}
			if bytes.Contains(fixed, []byte("\ue000")) || bytes.Contains(fixed, []byte("%EE%80%80")) {
				return nil, errors.New("web: a story frame shows its stand-ins in a form it does not expect")
			}
			if len(fixed) > 0 {
				sum.Write(fixed)
				f, err := gzsplice.Compress(fixed, partsLevel)
				if err != nil {
					return nil, err
				}
				pieces = append(pieces, piece{kind: pieceFixed, fixed: f})
			}
			if at < 0 {
				break
			}
			si := standIns[which]
			pieces = append(pieces, piece{kind: si.kind, edition: si.edition})
			counts[si.kind]++
			sum.Write([]byte{byte(si.kind), byte(si.edition)})
			text = text[at+len(standIns[which].text):]
		}
		if rec.slot != pieceFixed {
			pieces = append(pieces, piece{kind: rec.slot})
			counts[rec.slot]++
			sum.Write([]byte{byte(rec.slot)})
		}
	}
	// The frame must hold each part once and its own values where the
	// templates put them; anything else renders the page whole.
	// The menu links every edition but the page's own.
	if counts[pieceHead] != 1 || counts[pieceArticle] != 1 || counts[pieceRelated] != 1 || counts[pieceMenu] != len(p.Menu)-1 ||
		counts[piecePath]+counts[piecePathArg] == 0 {
		return nil, fmt.Errorf("web: story frame has unexpected slots %v", counts)
	}
	size := 0
	for _, pc := range pieces {
		size += len(pc.fixed.Deflate)
	}
	return &shell{pieces: pieces, sum: sum.Sum(nil), size: size}, nil
}

// spliceStory writes a story page into a: its frame's pieces, its parts and
// its own values.
func (a *assembler) spliceStory(sh *shell, head, article, related part, path string, menu []string) error {
	a.sum.Write(sh.sum)
	for _, pc := range sh.pieces {
		var err error
		switch pc.kind {
		case pieceFixed:
			err = a.gz.Splice(pc.fixed)
		case piecePath:
			err = a.value(templ.EscapeString(path))
		case piecePathArg:
			err = a.value(templ.EscapeString(url.QueryEscape(path)))
		case pieceMenu:
			href := ""
			if pc.edition < len(menu) {
				href = menu[pc.edition]
			}
			err = a.value(templ.EscapeString(href))
		case pieceHead:
			err = a.splice(head)
		case pieceArticle:
			err = a.splice(article)
		case pieceRelated:
			err = a.splice(related)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// value adds a few bytes of the page's own, uncompressed.
func (a *assembler) value(v string) error {
	a.sum.Write([]byte(v))
	a.sum.Write([]byte{0})
	return a.gz.WriteStored([]byte(v))
}

package feeds

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"broadsheet/tests/feedcheck"
)

// A story without a byline is credited to the site, in Atom and RSS alike.
func TestAuthorFallsBackToSite(t *testing.T) {
	at := time.Date(2026, 11, 26, 7, 30, 0, 0, time.UTC)
	f := Feed{Title: "Broadsheet", Lang: "en", Link: "https://news.example/en/", Self: "https://news.example/en/atom.xml",
		Author: "Broadsheet", Updated: at, Items: []Item{
			{ID: "tag:news.example,2026:story/1/en", Title: "Bylined", Link: "https://news.example/en/story/a", Author: "Mei Lin", Published: at, Updated: at},
			{ID: "tag:news.example,2026:story/2/en", Title: "Unsigned", Link: "https://news.example/en/story/b", Published: at, Updated: at},
		}}
	var atom, rss bytes.Buffer
	if err := Atom(&atom, f); err != nil {
		t.Fatal(err)
	}
	for _, err := range feedcheck.Atom(atom.Bytes()) {
		t.Error(err)
	}
	if got, want := strings.Count(atom.String(), "<name>Broadsheet</name>"), 2; got != want {
		t.Errorf("Atom names the site %d times (feed and unsigned entry), want %d:\n%s", got, want, atom.String())
	}
	if !strings.Contains(atom.String(), "<name>Mei Lin</name>") {
		t.Errorf("Atom lacks the byline's author:\n%s", atom.String())
	}
	if err := RSS(&rss, f); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<dc:creator>Mei Lin</dc:creator>", "<dc:creator>Broadsheet</dc:creator>"} {
		if !strings.Contains(rss.String(), want) {
			t.Errorf("RSS lacks %s:\n%s", want, rss.String())
		}
	}
}

// Feed readers take RSS titles and descriptions as HTML: text that looks
// like markup or holds an ampersand must reach the reader as that text.
func TestRSSTextStaysText(t *testing.T) {
	const text = `AT&T <b>bold</b> & "quotes" 5 < 6`
	at := time.Date(2026, 11, 26, 7, 30, 0, 0, time.UTC)
	f := Feed{Title: "Broadsheet & Co", Description: "News <b>now</b>", Lang: "en", Link: "https://news.example/en/",
		Self: "https://news.example/en/feed.xml", Updated: at, Items: []Item{
			{ID: "tag:news.example,2026:story/1/en", Title: text, Summary: text, Link: "https://news.example/en/story/a", Published: at, Updated: at},
		}}
	var b bytes.Buffer
	if err := RSS(&b, f); err != nil {
		t.Fatal(err)
	}
	parsed, err := gofeed.NewParser().ParseString(b.String())
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ got, want string }{
		"item title":          {parsed.Items[0].Title, text},
		"item description":    {parsed.Items[0].Description, text},
		"channel title":       {parsed.Title, f.Title},
		"channel description": {parsed.Description, f.Description},
	} {
		if got := renderedText(t, c.got); got != c.want {
			t.Errorf("%s shows %q in a reader that renders HTML, want %q (raw %q)", name, got, c.want, c.got)
		}
	}
}

// renderedText is what an HTML renderer shows for s, failing on any element.
func renderedText(t *testing.T, s string) string {
	t.Helper()
	nodes, err := nethtml.ParseFragment(strings.NewReader(s), &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, n := range nodes {
		if n.Type != nethtml.TextNode {
			t.Errorf("%q renders as markup (%s element)", s, n.Data)
			continue
		}
		out.WriteString(n.Data)
	}
	return out.String()
}

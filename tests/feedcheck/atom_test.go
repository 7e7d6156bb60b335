package feedcheck

import (
	"strings"
	"testing"
)

const goodFeed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>https://news.example/en/atom.xml</id>
  <title>Broadsheet</title>
  <updated>2026-11-26T07:30:00Z</updated>
  <link href="https://news.example/en/atom.xml" rel="self" type="application/atom+xml"></link>
  <link href="https://news.example/en/" rel="alternate" type="text/html" hreflang="en"></link>
  %s
  <entry>
    <id>tag:news.example,2026:story/1/en</id>
    <title>A story</title>
    <link href="https://news.example/en/story/a" rel="alternate" type="text/html"></link>
    <published>2026-11-26T07:30:00Z</published>
    <updated>2026-11-26T07:30:00Z</updated>
    <summary>Summary.</summary>
    %s
  </entry>
</feed>`

func TestAtom(t *testing.T) {
	const author = `<author><name>Broadsheet</name></author>`
	for _, tc := range []struct {
		name, feedAuthor, entryAuthor string
		want                          string // "" means valid
	}{
		{"author on the entry", "", author, ""},
		{"author on the feed", author, "", ""},
		{"no author anywhere", "", "", "no atom:author"},
		{"author without a name", "", `<author></author>`, "atom:name"},
	} {
		errs := Atom([]byte(strings.ReplaceAll(strings.Replace(goodFeed, "%s", tc.feedAuthor, 1), "%s", tc.entryAuthor)))
		if tc.want == "" && len(errs) > 0 {
			t.Errorf("%s: %v, want valid", tc.name, errs)
		}
		if tc.want != "" && (len(errs) == 0 || !strings.Contains(errs[0].Error(), tc.want)) {
			t.Errorf("%s: %v, want an error about %q", tc.name, errs, tc.want)
		}
	}
	broken := strings.NewReplacer("<updated>2026-11-26T07:30:00Z</updated>\n    <summary>", "<summary>",
		"<id>tag:news.example,2026:story/1/en</id>", "").Replace(goodFeed)
	if errs := Atom([]byte(strings.ReplaceAll(broken, "%s", ""))); len(errs) < 3 {
		t.Errorf("an entry without id, updated or author gave %v, want three errors", errs)
	}
	if errs := Atom([]byte(`<rss version="2.0"></rss>`)); len(errs) != 1 {
		t.Errorf("RSS checked as Atom: %v", errs)
	}
}

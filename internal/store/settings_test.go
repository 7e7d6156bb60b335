package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

// A site that never set its text has none (the defaults show); what an admin
// sets is read back per written language; an empty field goes back to the
// default; anything too long changes nothing, the time zone included.
func TestSiteTexts(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	texts, err := s.SiteTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range news.Langs {
		if got := texts[lang]; got != (news.SiteText{}) {
			t.Fatalf("a new site has text in %s: %+v", lang, got)
		}
	}
	if zone, _ := s.TimeZone(ctx); zone != "" {
		t.Fatalf("a new site's zone is %q", zone)
	}

	set := map[news.Lang]news.SiteText{
		news.EN: {Name: "The Harbour Ledger", Tagline: "Local news", Footer: "Owned by readers.", Privacy: "We keep **nothing**."},
		news.ZH: {Name: "海港纪事报", Privacy: "我们不保存任何个人资料。"},
	}
	if err := s.SetSettings(ctx, "Asia/Taipei", set); err != nil {
		t.Fatal(err)
	}
	if texts, _ = s.SiteTexts(ctx); texts[news.EN] != set[news.EN] || texts[news.ZH] != set[news.ZH] {
		t.Fatalf("read back %+v, want %+v", texts, set)
	}
	if zone, _ := s.TimeZone(ctx); zone != "Asia/Taipei" {
		t.Fatalf("zone=%q, want Asia/Taipei", zone)
	}

	for _, bad := range []struct {
		zone string
		text news.SiteText
		want string
	}{
		{"UTC", news.SiteText{Name: strings.Repeat("名", news.MaxSiteName+1)}, "name"},
		{"UTC", news.SiteText{Tagline: strings.Repeat("a", news.MaxSiteTagline+1)}, "tagline"},
		{"UTC", news.SiteText{Footer: strings.Repeat("a", news.MaxSiteFooter+1)}, "footer"},
		{"UTC", news.SiteText{Privacy: strings.Repeat("隐", news.MaxSitePrivacy+1)}, "privacy"},
		{"Mars/Olympus_Mons", news.SiteText{}, "time_zone"},
	} {
		err := s.SetSettings(ctx, bad.zone, map[news.Lang]news.SiteText{news.ZH: bad.text})
		var fe *news.FieldError
		if !errors.As(err, &fe) || fe.Field != bad.want {
			t.Fatalf("bad %s: err=%v, want a field error for %s", bad.want, err, bad.want)
		}
	}
	if texts, _ = s.SiteTexts(ctx); texts[news.ZH] != set[news.ZH] {
		t.Fatalf("a refused change changed the text: %+v", texts[news.ZH])
	}
	if zone, _ := s.TimeZone(ctx); zone != "Asia/Taipei" {
		t.Fatalf("a refused change changed the zone to %q", zone)
	}
	// Exactly at the limits is fine.
	full := news.SiteText{Name: strings.Repeat("名", news.MaxSiteName), Privacy: strings.Repeat("隐", news.MaxSitePrivacy)}
	if err := s.SetSettings(ctx, "Asia/Taipei", map[news.Lang]news.SiteText{news.ZH: full}); err != nil {
		t.Fatalf("text at the limits refused: %v", err)
	}

	// Empty fields are the defaults again; a language not given keeps its text.
	if err := s.SetSettings(ctx, "", map[news.Lang]news.SiteText{news.ZH: {}}); err != nil {
		t.Fatal(err)
	}
	texts, _ = s.SiteTexts(ctx)
	if texts[news.ZH] != (news.SiteText{}) || texts[news.EN] != set[news.EN] {
		t.Fatalf("after emptying Chinese: %+v", texts)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM settings WHERE key LIKE 'site.%.zh-Hans'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d rows kept for Chinese fields set back to the default", n)
	}
}

// Blocks convert to the Traditional edition as a story's do: the text and
// the text of the markup, never an address.
func TestConvertBlocks(t *testing.T) {
	s := openTest(t)
	in := []news.Block{
		{Kind: news.BlockHeading, Text: "联系方式"},
		{Kind: news.BlockParagraph, HTML: `请<a href="https://example.org/联系">联系我们</a>。`, Text: "请联系我们。"},
	}
	out := s.ConvertBlocks(news.ZHHant, in)
	if got, want := out[0].Text, "聯繫方式"; got != want {
		t.Fatalf("heading %q, want %q", got, want)
	}
	if got, want := out[1].HTML, `請<a href="https://example.org/联系">聯繫我們</a>。`; got != want {
		t.Fatalf("paragraph %q, want %q", got, want)
	}
	if in[0].Text != "联系方式" {
		t.Fatal("ConvertBlocks changed the blocks it was given")
	}
	if got := s.ConvertBlocks(news.ZH, in); got[0].Text != "联系方式" {
		t.Fatal("a written edition's blocks were converted")
	}
}

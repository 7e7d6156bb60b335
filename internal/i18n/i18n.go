// Package i18n loads the UI strings in locales/ through go-i18n, matches a
// reader's Accept-Language to one of the site's languages, and formats dates
// and counts. Views reach the strings through the request context.
package i18n

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"broadsheet/locales"
)

// Language codes as written in locale file names and <html lang>.
const (
	English     = "en"
	Chinese     = "zh-Hans"
	Traditional = "zh-Hant"
)

// Languages are the locales loaded, one per edition.
var Languages = []string{English, Chinese, Traditional}

// Translator gives one language's strings. It is immutable after Load, so
// requests share it read-only.
type Translator struct {
	lang      string
	localizer *goi18n.Localizer
	simple    map[string]string // messages without data or plurals, resolved once
}

// Catalog is the set of translators, one per language.
type Catalog struct {
	byLang map[string]*Translator
	ids    map[string][]string
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default is the catalog built from the embedded locale files.
func Default() (*Catalog, error) {
	defaultOnce.Do(func() { defaultCat, defaultErr = Load(locales.FS) })
	return defaultCat, defaultErr
}

// Load builds a catalog from active.<lang>.toml files in fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	bundle := goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{byLang: map[string]*Translator{}, ids: map[string][]string{}}
	for _, lang := range Languages {
		name := "active." + lang + ".toml"
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		mf, err := bundle.ParseMessageFileBytes(src, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		tr := &Translator{lang: lang, localizer: goi18n.NewLocalizer(bundle, lang), simple: map[string]string{}}
		for _, m := range mf.Messages {
			c.ids[lang] = append(c.ids[lang], m.ID)
			if m.Other != "" && !strings.Contains(m.Other, "{{") && m.One == "" {
				tr.simple[m.ID] = m.Other
			}
		}
		c.byLang[lang] = tr
	}
	return c, nil
}

// IDs lists the message ids defined for lang, in file order.
func (c *Catalog) IDs(lang string) []string { return c.ids[lang] }

// For returns the translator for a language code, English when unknown.
func (c *Catalog) For(lang string) *Translator {
	if t, ok := c.byLang[lang]; ok {
		return t
	}
	return c.byLang[English]
}

// With is a translator whose plain messages named in over read as given
// there (the site's own name, tagline and footer, set by its admins); the
// rest are t's. t itself is not changed.
func (t *Translator) With(over map[string]string) *Translator {
	if t == nil || len(over) == 0 {
		return t
	}
	simple := maps.Clone(t.simple)
	if simple == nil {
		simple = make(map[string]string, len(over))
	}
	maps.Copy(simple, over)
	return &Translator{lang: t.lang, localizer: t.localizer, simple: simple}
}

// Lang is the translator's language code.
func (t *Translator) Lang() string {
	if t == nil {
		return ""
	}
	return t.lang
}

var missing sync.Map // message ids already reported, so each is logged once

func (t *Translator) localize(cfg *goi18n.LocalizeConfig) string {
	if t == nil {
		reportMissing(cfg.MessageID, "no translator in context")
		return cfg.MessageID
	}
	if cfg.PluralCount == nil && cfg.TemplateData == nil {
		if s, ok := t.simple[cfg.MessageID]; ok {
			return s
		}
	}
	s, err := t.localizer.Localize(cfg)
	if err != nil {
		reportMissing(t.lang+":"+cfg.MessageID, err.Error())
		if s == "" {
			return cfg.MessageID
		}
	}
	return s
}

func reportMissing(key, why string) {
	if _, seen := missing.LoadOrStore(key, true); !seen {
		slog.Warn("i18n: message unavailable", "id", key, "err", why)
	}
}

// T is a plain message.
func (t *Translator) T(id string) string {
	return t.localize(&goi18n.LocalizeConfig{MessageID: id})
}

// TD is a message with template data.
func (t *Translator) TD(id string, data map[string]any) string {
	return t.localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// TN is a message with a count, choosing the language's plural form; the
// count is available to the message as {{.Count}}.
func (t *Translator) TN(id string, n int, data map[string]any) string {
	d := map[string]any{"Count": n}
	for k, v := range data {
		d[k] = v
	}
	return t.localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: d})
}

// Date formats a day in the translator's locale: "March 12, 2024" or "2024年3月12日".
func (t *Translator) Date(d time.Time) string {
	if t == nil {
		return d.Format("2006-01-02")
	}
	return t.TD("DateLong", map[string]any{
		"Year": d.Year(), "Month": t.T(fmt.Sprintf("Month%d", int(d.Month()))), "MonthNumber": int(d.Month()), "Day": d.Day(),
	})
}

// DateTime formats a moment as a story page shows it: the day, the hour and
// minute, and the zone — "March 12, 2024, 09:30 UTC", "2024年3月12日 09:30 UTC" —
// in the time's own location.
func (t *Translator) DateTime(d time.Time) string {
	zone, _ := d.Zone()
	if t == nil {
		return d.Format("2006-01-02 15:04 ") + zone
	}
	return t.TD("DateTimeLong", map[string]any{"Date": t.Date(d), "Time": d.Format("15:04"), "Zone": zone})
}

type ctxKey struct{}

// WithTranslator returns ctx carrying t for the views of one request.
func WithTranslator(ctx context.Context, t *Translator) context.Context {
	return context.WithValue(ctx, ctxKey{}, t)
}

// From is the request's translator, or nil.
func From(ctx context.Context) *Translator {
	t, _ := ctx.Value(ctxKey{}).(*Translator)
	return t
}

// T looks up a plain message for the request; it never panics and returns the
// id itself when the message or translator is missing.
func T(ctx context.Context, id string) string { return From(ctx).T(id) }

// TD looks up a message with template data for the request.
func TD(ctx context.Context, id string, data map[string]any) string {
	return From(ctx).TD(id, data)
}

// TN looks up a counted message for the request.
func TN(ctx context.Context, id string, n int, data map[string]any) string {
	return From(ctx).TN(id, n, data)
}

// Date formats a day for the request's language.
func Date(ctx context.Context, d time.Time) string { return From(ctx).Date(d) }

// DateTime formats a moment for the request's language.
func DateTime(ctx context.Context, d time.Time) string { return From(ctx).DateTime(d) }

// matcher finds the site language for a reader's language other than
// English or Chinese (a dialect of either, say), when it finds any.
var (
	supported = []language.Tag{language.English, language.MustParse("zh-Hans"), language.MustParse("zh-Hant")}
	codes     = []string{English, Chinese, Traditional}
	matcher   = language.NewMatcher(supported)
)

// Match picks the site language for an Accept-Language header: the first
// language the reader asks for that the site has, else English.
//
// Chinese script is decided here, before the matcher: an explicit script
// wins, else Taiwan, Hong Kong and Macau mean Traditional and everything
// else (zh, zh-CN, zh-SG, zh-MY) Simplified. The matcher alone sends
// "zh-HK,zh;q=0.9" (Chrome in Hong Kong) to Simplified.
func Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		return English
	}
	for _, tag := range tags {
		base, _ := tag.Base()
		switch base.String() {
		case "zh":
			return chineseScript(tag)
		case "en":
			return English
		}
		if _, idx, conf := matcher.Match(tag); conf != language.No {
			return codes[idx]
		}
	}
	return English
}

// chineseScript is the edition for a Chinese tag.
func chineseScript(tag language.Tag) string {
	if sc, conf := tag.Script(); conf == language.Exact {
		switch sc.String() {
		case "Hant":
			return Traditional
		case "Hans":
			return Chinese
		}
	}
	if r, conf := tag.Region(); conf == language.Exact {
		switch r.String() {
		case "TW", "HK", "MO":
			return Traditional
		}
	}
	return Chinese
}

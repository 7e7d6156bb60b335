package store

import (
	"context"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/search"
)

// fixture is a database made by the schema of migration 0003 (the newsroom),
// with accounts, a session, revisions, a renamed story, pictures, search
// counts and a blocked term. Upgrades must carry every part of it.
const fixture = "testdata/schema-0003.db"

var makeFixture = flag.Bool("make-fixture", false, "write "+fixture+" from the current schema (only when the schema is 0003)")

var fixtureDay = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// writeFixture fills a new database the way a real site would be by then.
func writeFixture(t *testing.T, path string) {
	ctx := context.Background()
	os.Remove(path)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return fixtureDay })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.PutSection(ctx, "world", 0, map[news.Lang]string{news.EN: "World", news.ZH: "国际"}))
	admin, err := s.CreateUser(ctx, "admin@example.com", news.RoleAdmin, "$2a$12$fixturefixturefixturefixOQ8cZ4v5aV1Hj8rN0wK2m3pQx5tY6uW")
	must(err)
	_, err = s.CreateUser(ctx, "editor@example.com", news.RoleEditor, "$2a$12$fixturefixturefixturefixOQ8cZ4v5aV1Hj8rN0wK2m3pQx5tY6uX")
	must(err)
	must(s.CreateSession(ctx, []byte("fixture-session-token-hash-32byt"), admin.ID, fixtureDay.Add(time.Hour)))
	pic := news.ImageFile{Name: "quay.0123456789ab.png", ContentType: "image/png", Width: 2, Height: 1, Credit: "Fixture Studio",
		Data: []byte("\x89PNG fixture bytes"), Variants: []news.ImageFile{{Name: news.VariantName("quay.0123456789ab.png", 1), ContentType: "image/png", Width: 1, Height: 1, Data: []byte("\x89PNG small")}}}
	pub := fixtureDay.Add(-2 * time.Hour)
	in := news.StoryInput{Key: "quay", Section: "world", LeadImage: pic.Name, Images: []news.ImageFile{pic}, Translations: []news.TranslationInput{
		{Lang: news.EN, Slug: "robots-share-the-quay", Headline: "Robots share the quay", Summary: "Cranes and crews.", Byline: "By Mei Lin",
			Caption: "The quay at dusk.", Alt: "Cranes over a quay", PublishedAt: pub, Markdown: "Harbour cranes work at night.",
			Body: []news.Block{{Kind: news.BlockParagraph, HTML: "Harbour cranes work at night.", Text: "Harbour cranes work at night."}}},
		{Lang: news.ZH, Slug: "ji-qi-ren-gong-yong-ma-tou", Headline: "机器人共用码头", Summary: "吊车与工人。", Byline: "文／林梅",
			Caption: "黄昏的码头。", Alt: "码头上的吊车", PublishedAt: pub, Markdown: "港口吊车夜间作业。",
			Body: []news.Block{{Kind: news.BlockParagraph, HTML: "港口吊车夜间作业。", Text: "港口吊车夜间作业。"}}},
	}}
	id, v, err := s.SaveEdit(ctx, 0, 0, in, admin.ID, "publish")
	must(err)
	// A second save renames the English slug: a revision and a former address.
	in.Translations[0].Slug = "harbour-robots-share-the-quay"
	_, _, err = s.SaveEdit(ctx, id, v, in, admin.ID, "publish")
	must(err)
	draft := news.StoryInput{Key: "draft", Section: "world", Translations: []news.TranslationInput{
		{Lang: news.EN, Slug: "unfinished", Headline: "Unfinished", Markdown: "Not yet.", Body: []news.Block{{Kind: news.BlockParagraph, HTML: "Not yet.", Text: "Not yet."}}}}}
	_, _, err = s.SaveEdit(ctx, 0, 0, draft, admin.ID, "save")
	must(err)
	for i := 0; i < 3; i++ {
		must(s.CountSearch(ctx, news.ZH, "码头", fixtureDay.Unix()/86400))
	}
	must(s.BlockTerm(ctx, "casino", fixtureDay.Unix()))
}

// copyFixture puts a copy of the fixture in a temp directory.
func copyFixture(t *testing.T) string {
	t.Helper()
	src, err := os.Open(fixture)
	if err != nil {
		t.Fatalf("%v (run go test -run TestMigrateFromFixture -make-fixture ./internal/store/ on schema 0003)", err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "broadsheet.db")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMigrateFromFixture opens a copy of a database made by an older schema:
// every migration since applies, and everything the site had is still there.
func TestMigrateFromFixture(t *testing.T) {
	if *makeFixture {
		writeFixture(t, fixture)
		return
	}
	ctx := context.Background()
	path := copyFixture(t)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("migrating the fixture: %v", err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return fixtureDay })
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	var applied int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil || applied != len(names) {
		t.Fatalf("%d migrations recorded (%v), want %d", applied, err, len(names))
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 2 {
		t.Fatalf("users=%v, %v; want the admin and the editor", users, err)
	}
	if _, hash, err := s.UserByEmail(ctx, "admin@example.com"); err != nil || !strings.HasPrefix(hash, "$2a$12$") {
		t.Fatalf("the admin's password hash did not survive: %q, %v", hash, err)
	}
	st, err := s.Story(ctx, news.EN, "harbour-robots-share-the-quay")
	if err != nil {
		t.Fatal(err)
	}
	if st.Image == nil || st.Image.Credit != "Fixture Studio" || st.Image.Alt != "Cranes over a quay" || st.Byline != "By Mei Lin" {
		t.Fatalf("story lost its picture or byline: %+v", st.Card)
	}
	if zh, err := s.Story(ctx, news.ZH, "ji-qi-ren-gong-yong-ma-tou"); err != nil || zh.Image == nil || zh.Image.Caption != "黄昏的码头。" {
		t.Fatalf("the Chinese translation: %v", err)
	}
	if cur, err := s.FormerSlug(ctx, news.EN, "robots-share-the-quay"); err != nil || cur != "harbour-robots-share-the-quay" {
		t.Fatalf("the former address leads to %q (%v)", cur, err)
	}
	if revs, err := s.Revisions(ctx, st.StoryID); err != nil || len(revs) != 2 {
		t.Fatalf("revisions=%d (%v), want 2", len(revs), err)
	}
	if ct, data, err := s.Media(ctx, "quay.0123456789ab.png"); err != nil || ct != "image/png" || string(data) != "\x89PNG fixture bytes" {
		t.Fatalf("the picture: %q %q %v", ct, data, err)
	}
	q, _ := search.Parse("码头")
	if hits, n, err := s.Search(ctx, news.ZH, q, news.Page{Number: 1, Size: 10}); err != nil || n != 1 || len(hits) != 1 {
		t.Fatalf("search after the upgrade: %d hits (%v)", n, err)
	}
	if blocked, err := s.BlockedTerms(ctx); err != nil || len(blocked) != 1 {
		t.Fatalf("blocked terms=%v (%v)", blocked, err)
	}
	if err := CheckIntegrity(ctx, path); err != nil {
		t.Fatal(err)
	}
}

// A migration that fails leaves the database exactly as it was, and the
// error names the migration and the reason.
func TestFailedMigrationChangesNothing(t *testing.T) {
	ctx := context.Background()
	path := copyFixture(t)
	if s, err := Open(ctx, path); err != nil { // bring it to today's schema first
		t.Fatal(err)
	} else {
		s.Close()
	}
	broken := fstest.MapFS{"migrations/9999_broken.sql": {Data: []byte(
		"CREATE TABLE half_done (x INTEGER);\nUPDATE stories SET key = key || '-changed';\nINSERT INTO no_such_table VALUES (1);\n")}}
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	for _, n := range names {
		b, _ := fs.ReadFile(migrations, n)
		broken[n] = &fstest.MapFile{Data: b}
	}
	defer func(m fs.FS) { migrations = m }(migrations)
	migrations = broken
	_, err := Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "9999_broken.sql") || !strings.Contains(err.Error(), "no_such_table") {
		t.Fatalf("Open with a broken migration: %v; want an error naming the migration and the missing table", err)
	}
	migrations = embedded
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var half, changed int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`).Scan(&half)
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM stories WHERE key LIKE '%-changed'`).Scan(&changed)
	if half != 0 || changed != 0 {
		t.Fatalf("the failed migration left a table (%d) or changed rows (%d)", half, changed)
	}
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = 9999`).Scan(&v); err != nil || v != 0 {
		t.Fatalf("the failed migration is recorded as applied (%d, %v)", v, err)
	}
}

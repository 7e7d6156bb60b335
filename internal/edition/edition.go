// Package edition reads and writes an edition directory: one Markdown file per
// translation and pictures beside them — the demo edition's format; see
// demo/edition/FORMAT.md. `broadsheet export` writes one and `broadsheet
// import` reads one, so a site's stories can be kept as plain files.
package edition

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/BurntSushi/toml"

	"broadsheet/internal/align"
	"broadsheet/internal/content"
	"broadsheet/internal/news"
	"broadsheet/internal/photo"
)

// SectionsFile lists the sections, in navigation order, named in each language.
const SectionsFile = "sections.toml"

// The largest files an edition may have, checked before anything is read.
const (
	MaxMarkdownBytes = 1 << 20        // a story file
	MaxPictureBytes  = photo.MaxBytes // a picture
	// MaxSectionsBytes and MaxSectionsLine bound sections.toml: the TOML
	// decoder takes seconds on a few kilobytes of dotted keys or nested
	// tables on one line, and a real list of sections needs neither.
	MaxSectionsBytes = 16 << 10
	MaxSectionsLine  = 1000
)

// Section is a section as listed in sections.toml.
type Section = news.SectionInput

// Edition is a whole edition: its sections, every story, and the site's
// glossary for each converted edition that has one.
type Edition struct {
	Sections []Section
	Stories  []news.StoryInput
	Glossary map[news.Lang][]news.Rule
}

// GlossaryFile names the file holding a converted edition's glossary, one
// rule a line as news.ParseRules reads them: glossary.zh-Hant.txt.
func GlossaryFile(lang news.Lang) string { return "glossary." + string(lang) + ".txt" }

// MaxGlossaryBytes bounds a glossary file.
const MaxGlossaryBytes = 256 << 10

// Source is a site an edition is read from: the store.
type Source interface {
	Sections(ctx context.Context, lang news.Lang) ([]news.Section, error)
	Export(ctx context.Context) ([]news.StoryInput, error)
	Glossary(ctx context.Context, lang news.Lang) ([]news.Rule, error)
}

// Read reads a whole site as an edition, for `broadsheet export`: its
// sections named in each written language, every story as written, and each
// converted edition's glossary.
func Read(ctx context.Context, src Source) (Edition, error) {
	var ed Edition
	names := map[string]map[news.Lang]string{}
	var keys []string
	for _, lang := range news.Langs {
		secs, err := src.Sections(ctx, lang)
		if err != nil {
			return ed, err
		}
		for _, s := range secs {
			if names[s.Key] == nil {
				names[s.Key] = map[news.Lang]string{}
				keys = append(keys, s.Key) // in the first language's order: the site's
			}
			names[s.Key][lang] = s.Name
		}
	}
	for _, k := range keys {
		ed.Sections = append(ed.Sections, Section{Key: k, Names: names[k]})
	}
	var err error
	if ed.Stories, err = src.Export(ctx); err != nil {
		return ed, err
	}
	for _, e := range news.ConvertedEditions() {
		rules, err := src.Glossary(ctx, e.Lang)
		if err != nil {
			return ed, err
		}
		if len(rules) > 0 {
			if ed.Glossary == nil {
				ed.Glossary = map[news.Lang][]news.Rule{}
			}
			ed.Glossary[e.Lang] = rules
		}
	}
	return ed, nil
}

// Problem is one thing wrong with one file of an edition directory.
type Problem struct {
	File   string
	Reason string
}

// LoadError lists every problem Load found, so a writer can fix them all at once.
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.File + ": " + p.Reason
	}
	return strings.Join(lines, "\n")
}

// notStories are the Markdown files in an edition that document it.
var notStories = map[string]bool{"FORMAT.md": true, "README.md": true}

// sectionsTOML is the shape of sections.toml.
type sectionsTOML struct {
	Section []sectionTOML `toml:"section"`
}

type sectionTOML struct {
	Key string `toml:"key"`
	EN  string `toml:"en"`
	ZH  string `toml:"zh-Hans"`
}

// loader collects an edition and every problem found on the way.
type loader struct {
	ctx      context.Context
	fsys     fs.FS
	dir      string
	root     *os.Root // set when reading a directory on disk: files are opened through it
	problems []Problem
	images   map[string]imageResult // by the name a file gives
}

type imageResult struct {
	im  news.ImageFile
	err error
}

func (l *loader) problem(file, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Reason: fmt.Sprintf(format, args...)})
}

// image reads and checks a picture beside the stories, once however many
// translations use it.
func (l *loader) image(name string) (news.ImageFile, error) {
	if r, ok := l.images[name]; ok {
		return r.im, r.err
	}
	var r imageResult
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		r.err = fmt.Errorf("image %q: name a file beside the story", name)
	} else if data, err := l.read(name, MaxPictureBytes); err != nil {
		r.err = fmt.Errorf("image %s: %w", name, unwrapPath(err))
	} else {
		r.im, r.err = picture(name, data)
	}
	l.images[name] = r
	return r.im, r.err
}

// picture checks a picture and names it for storing. Photographs go through
// photo.Import, which strips what a camera adds (EXIF, GPS) as uploads are
// stripped, and keeps a picture Broadsheet stored and exported as it is; an
// SVG is checked by content.Image and kept byte for byte. Either is stored
// under its whole content hash (photo.StoredName).
func picture(name string, data []byte) (news.ImageFile, error) {
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		im, err := photo.Import(name, data)
		if err != nil {
			return im, fmt.Errorf("image %s: %w", name, err)
		}
		return im, nil
	}
	return content.Image(name, data)
}

// read returns the bytes of the file name beside the stories. Anything but a
// regular file is refused, and so is one larger than limit, from its size
// before reading and by reading at most limit+1 bytes. Once the context is
// done, nothing more is read.
func (l *loader) read(name string, limit int64) ([]byte, error) {
	if err := l.ctx.Err(); err != nil {
		return nil, err
	}
	f, err := l.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := regular(info); err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%d bytes, more than the %d allowed: refused", info.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("more than the %d bytes allowed: refused", limit)
	}
	return data, nil
}

// open opens name after checking what it is: opening a FIFO waits for a
// writer, and a device may never end.
func (l *loader) open(name string) (fs.File, error) {
	if l.root == nil {
		p := path.Join(l.dir, name)
		info, err := fs.Stat(l.fsys, p)
		if err != nil {
			return nil, err
		}
		if err := regular(info); err != nil {
			return nil, err
		}
		return l.fsys.Open(p)
	}
	// os.Root follows symbolic links only while they stay inside the directory.
	info, err := l.root.Stat(name)
	if err != nil {
		if li, lerr := l.root.Lstat(name); lerr == nil && li.Mode()&fs.ModeSymlink != 0 && !errors.Is(err, fs.ErrNotExist) {
			return nil, errors.New("a symbolic link that leads outside the edition directory: refused")
		}
		return nil, err
	}
	if err := regular(info); err != nil {
		return nil, err
	}
	// Non-blocking, in case the file became a FIFO since: read refuses it then.
	return l.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// regular refuses anything but a regular file, saying what it is instead.
func regular(info fs.FileInfo) error {
	m := info.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return errors.New("a directory, not a file")
	case m&fs.ModeNamedPipe != 0:
		return errors.New("a named pipe (FIFO), not a regular file: refused")
	case m&fs.ModeDevice != 0:
		return errors.New("a device, not a regular file: refused")
	case m&fs.ModeSocket != 0:
		return errors.New("a socket, not a regular file: refused")
	}
	return fmt.Errorf("not a regular file (%v): refused", m.Type())
}

// unwrapPath drops the file path from an fs error: the problem already names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New("no such file")
		}
		return pe.Err
	}
	return err
}

// story is a story being assembled, with the file each part came from.
type story struct {
	in          news.StoryInput
	files       []string // one per translation
	sectionFrom string
	leadFrom    string
	images      map[string]bool
	named       map[string]bool // files that name the lead image themselves
	broken      bool            // a file of the story has a problem
}

// Load reads an edition directory: sections.toml plus <key>.<lang>.md files
// and the pictures they name. It reads every file and, if any is wrong,
// returns no stories and a *LoadError naming each problem.
func Load(fsys fs.FS, dir string) (Edition, error) {
	return LoadFS(context.Background(), fsys, dir)
}

// LoadFS is Load that stops, with ctx's error, between files once ctx is done.
func LoadFS(ctx context.Context, fsys fs.FS, dir string) (Edition, error) {
	return load(&loader{ctx: ctx, fsys: fsys, dir: dir})
}

// LoadDir reads the edition directory at dir as Load does, the way `broadsheet
// import` reads it: through os.Root, so no symbolic link leads outside it;
// only regular files of bounded size are read; and it stops between files
// once ctx is done.
func LoadDir(ctx context.Context, dir string) (Edition, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return Edition{}, err
	}
	defer root.Close()
	return load(&loader{ctx: ctx, fsys: root.FS(), dir: ".", root: root})
}

func load(l *loader) (Edition, error) {
	l.images = map[string]imageResult{}
	fsys, dir := l.fsys, l.dir
	ed := Edition{Sections: l.sections(), Glossary: l.glossary()}
	if err := l.ctx.Err(); err != nil {
		return Edition{}, err
	}
	known := map[string]bool{}
	for _, s := range ed.Sections {
		known[s.Key] = true
	}

	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return Edition{}, err
	}
	stories := map[string]*story{}
	var order []string
	slugs := map[news.Lang]map[string][]string{} // lang → slug → files
	for _, e := range entries {
		base := e.Name()
		if !strings.HasSuffix(base, ".md") || notStories[base] {
			continue
		}
		st := l.translation(base, known, slugs)
		if err := l.ctx.Err(); err != nil {
			return Edition{}, err
		}
		if st == nil {
			continue
		}
		// Merge into the story by key; the checks across translations name the later file.
		cur := stories[st.in.Key]
		if cur == nil {
			stories[st.in.Key] = st
			order = append(order, st.in.Key)
			continue
		}
		l.merge(cur, st)
	}
	for _, lang := range news.Langs {
		for slug, files := range slugs[lang] {
			for _, f := range files {
				if others := without(files, f); len(others) > 0 {
					l.problem(f, "slug %q is also used by %s", slug, strings.Join(others, ", "))
				}
			}
		}
	}
	for _, k := range order {
		st := stories[k]
		if st.broken {
			continue
		}
		if st.in.LeadImage != "" {
			for i, t := range st.in.Translations {
				if strings.TrimSpace(t.Alt) == "" && !st.named[st.files[i]] {
					l.problem(st.files[i], "alt is required: the story has a lead image (named in %s)", st.leadFrom)
				}
			}
		}
		l.checkPairing(st)
		// A last check with the store's own rules, which the ones above should cover.
		if err := st.in.Validate(); err != nil {
			l.problem(strings.Join(st.files, ", "), "story %s: %v", k, err)
		}
		ed.Stories = append(ed.Stories, st.in)
	}
	if len(l.problems) > 0 {
		// Problems are listed file by file, whatever order they were found in.
		sort.SliceStable(l.problems, func(i, j int) bool { return l.problems[i].File < l.problems[j].File })
		return Edition{}, &LoadError{Problems: l.problems}
	}
	return ed, nil
}

// glossary reads each converted edition's glossary file, if the edition has one.
func (l *loader) glossary() map[news.Lang][]news.Rule {
	var out map[news.Lang][]news.Rule
	for _, e := range news.ConvertedEditions() {
		name := GlossaryFile(e.Lang)
		src, err := l.read(name, MaxGlossaryBytes)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil {
			var rules []news.Rule
			if rules, err = news.ParseRules(string(src)); err == nil {
				if out == nil {
					out = map[news.Lang][]news.Rule{}
				}
				out[e.Lang] = rules
				continue
			}
		}
		l.problem(name, "%v", unwrapPath(err))
	}
	return out
}

// sections reads sections.toml; a missing or bad one is a problem.
func (l *loader) sections() []Section {
	src, err := l.read(SectionsFile, MaxSectionsBytes)
	if err != nil {
		l.problem(SectionsFile, "%v", unwrapPath(err))
		return nil
	}
	for i, line := range bytes.Split(src, []byte("\n")) {
		if len(line) > MaxSectionsLine {
			l.problem(SectionsFile, "line %d is longer than %d bytes", i+1, MaxSectionsLine)
			return nil
		}
	}
	var f sectionsTOML
	md, err := toml.Decode(string(src), &f)
	if err != nil {
		l.problem(SectionsFile, "%v", err)
		return nil
	}
	if extra := md.Undecoded(); len(extra) > 0 {
		l.problem(SectionsFile, "unknown field %q", extra[0].String())
	}
	var out []Section
	seen := map[string]bool{}
	for _, s := range f.Section {
		switch {
		case !news.ValidSlug(s.Key):
			l.problem(SectionsFile, "section key %q: want lowercase letters, digits and hyphens", s.Key)
			continue
		case seen[s.Key]:
			l.problem(SectionsFile, "section %s is listed twice", s.Key)
			continue
		case strings.TrimSpace(s.EN) == "" || strings.TrimSpace(s.ZH) == "":
			l.problem(SectionsFile, "section %s needs a name in en and in zh-Hans", s.Key)
		}
		seen[s.Key] = true
		out = append(out, Section{Key: s.Key, Names: map[news.Lang]string{news.EN: s.EN, news.ZH: s.ZH}})
	}
	return out
}

// translation reads one <key>.<lang>.md file into a one-translation story,
// or returns nil when the file is too broken to place.
func (l *loader) translation(base string, known map[string]bool, slugs map[news.Lang]map[string][]string) *story {
	raw, err := l.read(base, MaxMarkdownBytes)
	if err != nil {
		l.problem(base, "%v", unwrapPath(err))
		return nil
	}
	doc, err := content.Parse(raw)
	if err != nil {
		l.problem(base, "%v", err)
		return nil
	}
	m := doc.Meta
	before := len(l.problems)
	if !m.Lang.Valid() {
		l.problem(base, "lang %q: want en or zh-Hans", m.Lang)
	}
	if !news.ValidSlug(m.Key) {
		l.problem(base, "key %q: want lowercase letters, digits and hyphens", m.Key)
	}
	if want := m.Key + "." + string(m.Lang) + ".md"; base != want && m.Lang.Valid() && news.ValidSlug(m.Key) {
		l.problem(base, "file name should be %s, from its key and lang", want)
	}
	if !news.ValidSlug(m.Slug) {
		l.problem(base, "slug %q: want lowercase letters, digits and hyphens", m.Slug)
	} else if m.Lang.Valid() {
		if slugs[m.Lang] == nil {
			slugs[m.Lang] = map[string][]string{}
		}
		slugs[m.Lang][m.Slug] = append(slugs[m.Lang][m.Slug], base)
	}
	if strings.TrimSpace(m.Headline) == "" {
		l.problem(base, "headline is required")
	}
	switch {
	case m.Section == "":
		l.problem(base, "section is required")
	case !known[m.Section]:
		l.problem(base, "section %q is not in %s", m.Section, SectionsFile)
	}

	st := &story{
		in:          news.StoryInput{Key: m.Key, Section: m.Section},
		files:       []string{base},
		sectionFrom: base,
		images:      map[string]bool{},
		named:       map[string]bool{},
	}
	add := func(im news.ImageFile) {
		if !st.images[im.Name] {
			st.images[im.Name] = true
			st.in.Images = append(st.in.Images, im)
		}
	}
	if m.Image != "" {
		im, err := l.image(m.Image)
		if err != nil {
			l.problem(base, "%v", err)
		} else {
			im.Credit = m.Credit
			add(im)
			st.in.LeadImage, st.leadFrom = im.Name, base
		}
		st.named[base] = true
		if strings.TrimSpace(m.Alt) == "" {
			l.problem(base, "alt is required when there is an image")
		}
	}
	// Inline pictures are stored under their hashed names, and the Markdown
	// says so, so that an exported edition names the files it writes.
	rename := map[string]string{}
	for _, b := range doc.Body {
		if b.Kind != news.BlockImage {
			continue
		}
		im, err := l.image(b.Image.Name)
		if err != nil {
			l.problem(base, "%v", err)
			continue
		}
		if strings.TrimSpace(b.Image.Alt) == "" {
			l.problem(base, "inline image %s: alt text is required", b.Image.Name)
		}
		im.Credit = m.Credit
		add(im)
		rename[b.Image.Name] = im.Name
	}
	if len(l.problems) > before {
		st.broken = true
		return st
	}
	markdown := content.RenameImages(doc.Markdown, rename)
	body, err := content.Blocks([]byte(markdown))
	if err == nil && len(body) != len(doc.Body) {
		err = errors.New("the body reads differently once inline images are renamed")
	}
	for i := 0; err == nil && i < len(body); i++ {
		b := body[i]
		if b.Kind != news.BlockImage {
			continue
		}
		want := rename[doc.Body[i].Image.Name]
		if b.Image.Name != want {
			err = fmt.Errorf("inline image %s: could not rename it to %s in the Markdown", doc.Body[i].Image.Name, want)
			break
		}
		for _, im := range st.in.Images {
			if im.Name == want {
				ref := *b.Image
				ref.ContentType, ref.Width, ref.Height, ref.Credit = im.ContentType, im.Width, im.Height, m.Credit
				body[i].Image = &ref
			}
		}
	}
	if err != nil {
		l.problem(base, "%v", err)
		st.broken = true
		return st
	}
	if m.HantExceptions != "" {
		rules, err := news.ParseRules(m.HantExceptions)
		if err != nil || m.Lang != news.ZH {
			if err == nil {
				err = errors.New("only a zh-Hans file has exceptions for its conversion")
			}
			l.problem(base, "zh-hant-exceptions: %v", err)
			st.broken = true
			return st
		}
		st.in.Exceptions = map[news.Lang][]news.Rule{news.ZHHant: rules}
	}
	st.in.Translations = []news.TranslationInput{{
		Lang: m.Lang, Slug: m.Slug, Headline: m.Headline, Summary: strings.TrimSpace(m.Summary),
		Byline: m.Byline, Body: body, Markdown: markdown, Caption: m.Caption, Alt: m.Alt,
		PublishedAt: m.Published, UpdatedAt: m.Updated, Held: m.Held,
		Pairs: m.Pairs, TranslatedFrom: strings.Fields(m.TranslatedFrom),
	}}
	return st
}

// checkPairing reads each translation's pairing against its original's
// blocks, so a wrong one is reported with the file rather than at import.
func (l *loader) checkPairing(st *story) {
	orig := st.in.Original()
	var n int
	for _, t := range st.in.Translations {
		if t.Lang == orig {
			n = len(t.Body)
		}
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = strconv.Itoa(i + 1)
	}
	for i, t := range st.in.Translations {
		if t.Lang == orig {
			if t.Pairs != "" || len(t.TranslatedFrom) > 0 {
				l.problem(st.files[i], "pairs and translated-from belong in a translation, not in the original (%s)", orig)
			}
			continue
		}
		if _, err := align.Parse(t.Pairs, ids); err != nil {
			l.problem(st.files[i], "pairs: %v", err)
		}
		if len(t.TranslatedFrom) > 0 && len(t.TranslatedFrom) != n {
			l.problem(st.files[i], "translated-from has %d hashes; the original has %d blocks", len(t.TranslatedFrom), n)
		}
	}
}

// merge adds the translation in st to the story cur, checking that they agree.
func (l *loader) merge(cur, st *story) {
	base := st.files[0]
	if st.in.Section != cur.in.Section {
		l.problem(base, "section %q differs from %q in %s", st.in.Section, cur.in.Section, cur.sectionFrom)
	}
	if st.in.LeadImage != "" {
		switch {
		case cur.in.LeadImage == "":
			cur.in.LeadImage, cur.leadFrom = st.in.LeadImage, st.leadFrom
		case cur.in.LeadImage != st.in.LeadImage:
			l.problem(base, "image %s differs from %s in %s", st.in.LeadImage, cur.in.LeadImage, cur.leadFrom)
		}
	}
	for l, rules := range st.in.Exceptions {
		if cur.in.Exceptions == nil {
			cur.in.Exceptions = map[news.Lang][]news.Rule{}
		}
		cur.in.Exceptions[l] = rules
	}
	for _, im := range st.in.Images {
		if !cur.images[im.Name] {
			cur.images[im.Name] = true
			cur.in.Images = append(cur.in.Images, im)
		}
	}
	cur.in.Translations = append(cur.in.Translations, st.in.Translations...)
	cur.files = append(cur.files, st.files...)
	for f := range st.named {
		cur.named[f] = true
	}
	cur.broken = cur.broken || st.broken
}

// Write exports an edition into dir, which must not exist or be empty so no
// old file is mixed in: sections.toml, a <key>.<lang>.md file per translation
// and each picture under its stored name. Drafts are in it, so a new
// directory is made 0700 and every file 0600.
func Write(dir string, ed Edition) error {
	root, err := emptyRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	return write(root, ed)
}

// emptyRoot makes dir (its missing parents 0750), or takes it as it is when
// it exists and is empty, and opens it as an os.Root: every file is then
// written inside it and nowhere else.
func emptyRoot(dir string) (*os.Root, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o750); err != nil {
		return nil, err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	d, err := root.Open(".")
	if err == nil {
		var names []string
		names, err = d.Readdirnames(1)
		d.Close()
		if len(names) > 0 {
			err = fmt.Errorf("%s is not empty: export writes into a new or empty directory, so no old story is mixed in", dir)
		} else if errors.Is(err, io.EOF) {
			err = nil
		}
	}
	if err != nil {
		root.Close()
		return nil, err
	}
	return root, nil
}

// write writes the edition's files into root. Each is created afresh
// (O_EXCL): a file or symbolic link that appeared there since the directory
// was found empty is an error, never followed or overwritten.
func write(root *os.Root, ed Edition) error {
	// Files are written as they come, remembering only a hash of each, so a
	// large site is never held twice in memory.
	written := map[string][sha256.Size]byte{}
	put := func(name string, data []byte) error {
		sum := sha256.Sum256(data)
		if old, ok := written[name]; ok {
			if old != sum {
				return fmt.Errorf("%s would be written twice with different contents", name)
			}
			return nil
		}
		written[name] = sum
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write %s: a file or link of that name appeared in the directory during the export: refused", name)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", name, unwrapPath(err))
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}

	var secs sectionsTOML
	for _, s := range ed.Sections {
		secs.Section = append(secs.Section, sectionTOML{Key: s.Key, EN: s.Names[news.EN], ZH: s.Names[news.ZH]})
	}
	var b bytes.Buffer
	b.WriteString("# The edition's sections, in navigation order, named in each language.\n")
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(secs); err != nil {
		return err
	}
	if err := put(SectionsFile, b.Bytes()); err != nil {
		return err
	}
	for _, e := range news.Editions {
		if rules := ed.Glossary[e.Lang]; len(rules) > 0 {
			text := "# The site's glossary for the " + string(e.Lang) + " edition: a word, an arrow and how it reads there.\n" +
				news.FormatRules(rules)
			if err := put(GlossaryFile(e.Lang), []byte(text)); err != nil {
				return err
			}
		}
	}

	for _, in := range ed.Stories {
		credits := map[string]string{}
		for _, im := range in.Images {
			if !plainName(im.Name) {
				return fmt.Errorf("story %s: image name %q is not a plain file name", in.Key, im.Name)
			}
			if len(im.Data) == 0 {
				return fmt.Errorf("story %s: image %s has no data", in.Key, im.Name)
			}
			credits[im.Name] = im.Credit
			if err := put(im.Name, im.Data); err != nil {
				return err
			}
		}
		if _, ok := credits[in.LeadImage]; in.LeadImage != "" && !ok {
			return fmt.Errorf("story %s: lead image %s is not among its images", in.Key, in.LeadImage)
		}
		for _, t := range in.Translations {
			m := content.Meta{
				Key: in.Key, Lang: t.Lang, Slug: t.Slug, Headline: t.Headline, Summary: t.Summary,
				Section: in.Section, Byline: t.Byline, Published: t.PublishedAt, Updated: t.UpdatedAt,
				Image: in.LeadImage, Caption: t.Caption, Alt: t.Alt, Held: t.Held,
			}
			if t.Lang == news.ZH {
				m.HantExceptions = news.FormatRules(in.Exceptions[news.ZHHant])
			}
			m.Pairs, m.TranslatedFrom = t.Pairs, strings.Join(t.TranslatedFrom, " ")
			// One credit covers the file's pictures: the lead's, else the first inline one's.
			m.Credit = credits[in.LeadImage]
			if in.LeadImage == "" {
				for _, bl := range t.Body {
					if bl.Kind == news.BlockImage && bl.Image != nil {
						m.Credit = bl.Image.Credit
						break
					}
				}
			}
			md := t.Markdown
			if md == "" {
				md = "\n" + content.Markdown(t.Body)
			}
			src, err := content.Format(m, md)
			if err != nil {
				return fmt.Errorf("story %s (%s): %w", in.Key, t.Lang, err)
			}
			name := in.Key + "." + string(t.Lang) + ".md"
			if !plainName(name) {
				return fmt.Errorf("story %q: not a plain file name", in.Key)
			}
			if err := put(name, src); err != nil {
				return err
			}
		}
	}
	return nil
}

func without(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// plainName reports whether name is a file name with no directory in it.
func plainName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, `/\`) && !strings.ContainsRune(name, 0)
}

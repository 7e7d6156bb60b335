package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"broadsheet/internal/edition"
	"broadsheet/internal/news"
	"broadsheet/internal/photo"
)

// This init runs after commands.go's, which assigns the table, because Go
// runs a package's init functions in the order of its file names.
func init() {
	commands["import"] = command{
		summary: "add or replace stories from an edition directory (Markdown files and pictures); all or nothing",
		usage:   "broadsheet import [--data DIR] EDITION-DIR",
		run:     importCommand,
	}
	commands["export"] = command{
		summary: "write every story, drafts too, and the sections into a new edition directory",
		usage:   "broadsheet export [--data DIR] EDITION-DIR",
		run:     exportCommand,
	}
}

func importCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	st, rest, err := commandStore(ctx, "import", args, getenv, out, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return errors.New("import: name one edition directory")
	}
	dir := rest[0]
	// Read through os.Root, regular files of bounded size only, stopping
	// between files on SIGTERM (ctx); see edition.LoadDir.
	ed, err := edition.LoadDir(ctx, dir)
	var le *edition.LoadError
	if errors.As(err, &le) {
		for _, p := range le.Problems {
			fmt.Fprintf(out, "%s: %s\n", p.File, p.Reason)
		}
		return fmt.Errorf("import: %d problems in %s; nothing was written", len(le.Problems), dir)
	}
	if err != nil {
		return fmt.Errorf("import: nothing was written: %w", err)
	}
	// Photos get their smaller copies for srcset again; they are made from
	// the stored bytes alone, so a round trip gives the same copies. Each
	// picture once, however many stories show it.
	made := map[string][]news.ImageFile{}
	for i := range ed.Stories {
		for j, im := range ed.Stories[i].Images {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("import: nothing was written: %w", err)
			}
			vs, ok := made[im.Name]
			if !ok {
				if vs, err = photo.Variants(im); err != nil {
					return fmt.Errorf("import: %w", err)
				}
				made[im.Name] = vs
			}
			ed.Stories[i].Images[j].Variants = vs
		}
	}
	if err := st.Import(ctx, ed.Sections, ed.Stories, ed.Glossary); err != nil {
		return fmt.Errorf("import: nothing was written: %w", err)
	}
	translations := 0
	for _, s := range ed.Stories {
		translations += len(s.Translations)
	}
	fmt.Fprintf(out, "imported %d stories (%d translations)\n", len(ed.Stories), translations)
	return nil
}

func exportCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	st, rest, err := commandStore(ctx, "export", args, getenv, out, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return errors.New("export: name one edition directory, new or empty")
	}
	dir := rest[0]
	ed, err := edition.Read(ctx, st)
	if err != nil {
		return err
	}
	if err := edition.Write(dir, ed); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	translations := 0
	images := map[string]bool{}
	for _, s := range ed.Stories {
		translations += len(s.Translations)
		for _, im := range s.Images {
			images[im.Name] = true
		}
	}
	fmt.Fprintf(out, "exported %d stories (%d translations, %d images) to %s\n", len(ed.Stories), translations, len(images), dir)
	return nil
}

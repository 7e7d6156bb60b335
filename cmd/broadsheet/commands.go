package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"broadsheet/internal/corpus"
	"broadsheet/internal/demo"
	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// command is a subcommand: broadsheet NAME [flags] [args].
type command struct {
	summary string
	usage   string
	run     func(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error
}

var commands map[string]command

func init() {
	// Assigned in init because the commands' help refers back to the table.
	commands = map[string]command{
		"reindex": {
			summary: "rebuild the search index from the stories",
			usage:   "broadsheet reindex [--data DIR]",
			run:     reindexCommand,
		},
		"generate": {
			summary: "add a synthetic corpus of stories in both languages, for benchmarks",
			usage:   "broadsheet generate [--data DIR] [--stories N] [--seed S]",
			run:     generateCommand,
		},
		"block-term": {
			summary: "keep search terms out of Search Trends for good",
			usage:   "broadsheet block-term [--data DIR] TERM...",
			run:     blockTermCommand,
		},
	}
}

func sortedCommands() []string {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func commandNames() string { return strings.Join(sortedCommands(), ", ") }

// commandFlags is a subcommand's flag set, with its usage and --data (env
// BROADSHEET_DATA, else ./data); the command adds its own flags.
func commandFlags(name string, getenv func(string) string, out io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("broadsheet "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	data := getenv("BROADSHEET_DATA")
	if data == "" {
		data = "./data"
	}
	fs.StringVar(&data, "data", data, "data directory (env BROADSHEET_DATA)")
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: %s\n\n%s. Flags:\n", commands[name].usage, commands[name].summary)
		fs.PrintDefaults()
	}
	return fs, &data
}

// commandLog is where commands say what they changed in the data directory.
func commandLog() *slog.Logger { return slog.New(slog.NewTextHandler(stderr, nil)) }

// parseInterspersed parses flags wherever they stand among the arguments —
// `export DIR --data /srv/site` as well as `export --data /srv/site DIR` —
// and returns the arguments in order. After "--" everything is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" || len(left) == 0 {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// needsSite are the commands that refuse a data directory with no site in it.
var needsSite = map[string]bool{"user": true}

// commandStore parses a subcommand's flags and opens the database.
func commandStore(ctx context.Context, name string, args []string, getenv func(string) string, out io.Writer, extra func(*flag.FlagSet)) (*store.Store, []string, error) {
	st, _, rest, err := commandData(ctx, name, args, getenv, out, extra)
	return st, rest, err
}

// commandData is commandStore that also returns the data directory.
func commandData(ctx context.Context, name string, args []string, getenv func(string) string, out io.Writer, extra func(*flag.FlagSet)) (*store.Store, string, []string, error) {
	fs, data := commandFlags(name, getenv, out)
	if extra != nil {
		extra(fs)
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, "", nil, err
	}
	// Accounts belong to a site: made in a directory that holds none, they
	// would sit in a database the site never opens.
	if needsSite[name] {
		if _, err := os.Stat(filepath.Join(*data, "broadsheet.db")); errors.Is(err, iofs.ErrNotExist) {
			return nil, "", nil, fmt.Errorf("no site in %s: it has no broadsheet.db. Start the site once with this --data, or name the site's data directory with --data (or BROADSHEET_DATA)", *data)
		}
	}
	// Like the server, a command may be the first to use the data directory,
	// and it keeps the directory private the same way.
	st, err := openData(ctx, *data, commandLog())
	return st, *data, rest, err
}

func reindexCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	st, rest, err := commandStore(ctx, "reindex", args, getenv, out, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) > 0 {
		return fmt.Errorf("reindex takes no arguments, got %q", rest[0])
	}
	start := time.Now()
	n, err := st.Reindex(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "indexed %d translations in %v\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

func blockTermCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	st, terms, err := commandStore(ctx, "block-term", args, getenv, out, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(terms) == 0 {
		return errors.New("block-term: name at least one term")
	}
	for _, t := range terms {
		if err := st.BlockTerm(ctx, t, time.Now().Unix()); err != nil {
			return fmt.Errorf("block-term %q: %w", t, err)
		}
		fmt.Fprintf(out, "blocked %q: it will not show in Search Trends (running servers drop it within a minute)\n", t)
	}
	return nil
}

// generateBatch is how many stories one transaction writes.
const generateBatch = 2000

func generateCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	var n int
	var seed int64
	st, rest, err := commandStore(ctx, "generate", args, getenv, out, func(fs *flag.FlagSet) {
		fs.IntVar(&n, "stories", 100000, "how many stories to add, each in English and Chinese")
		fs.Int64Var(&seed, "seed", 1, "random seed: the same seed gives the same corpus")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) > 0 {
		return fmt.Errorf("generate takes no arguments, got %q", rest[0])
	}
	if n < 1 || n > 10_000_000 {
		return fmt.Errorf("--stories %d: want 1 to 10000000", n)
	}
	// The corpus uses the demo edition's sections.
	ed, err := demo.Load()
	if err != nil {
		return err
	}
	for i, sec := range ed.Sections {
		if err := st.PutSection(ctx, sec.Key, i, sec.Names); err != nil {
			return err
		}
	}
	start := time.Now()
	batch := make([]news.StoryInput, 0, generateBatch)
	written := 0
	flush := func() error {
		if err := st.SaveStories(ctx, batch); err != nil {
			return err
		}
		written += len(batch)
		batch = batch[:0]
		if written%(generateBatch*10) == 0 || written == n {
			fmt.Fprintf(out, "%d/%d stories (%v)\n", written, n, time.Since(start).Round(time.Second))
		}
		return ctx.Err()
	}
	err = corpus.Generate(n, seed, func(in news.StoryInput) error {
		batch = append(batch, in)
		if len(batch) == generateBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "added %d stories in both languages in %v\n", written, time.Since(start).Round(time.Millisecond))
	return nil
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

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

// commandStore parses a subcommand's --data flag and opens the database.
func commandStore(ctx context.Context, name string, args []string, getenv func(string) string, out io.Writer, extra func(*flag.FlagSet)) (*store.Store, []string, error) {
	fs := flag.NewFlagSet("broadsheet "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	data := getenv("BROADSHEET_DATA")
	if data == "" {
		data = "./data"
	}
	fs.StringVar(&data, "data", data, "data directory (env BROADSHEET_DATA)")
	if extra != nil {
		extra(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: %s\n\n%s. Flags:\n", commands[name].usage, commands[name].summary)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, filepath.Join(data, "broadsheet.db"))
	return st, fs.Args(), err
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

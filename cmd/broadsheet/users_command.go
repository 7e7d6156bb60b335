package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"broadsheet/internal/account"
	"broadsheet/internal/news"
)

// stdin is where subcommands read passwords; tests replace it.
var stdin io.Reader = os.Stdin

func init() {
	// Runs after commands.go's init (files initialize in name order), which
	// creates the table.
	commands["user"] = command{
		summary: "manage newsroom accounts: add one, or set a new password",
		usage: "broadsheet user add --email EMAIL --role admin|editor [--data DIR]\n" +
			"       broadsheet user password --email EMAIL [--data DIR]\n\n" +
			"The password is read from the terminal, or from the first line of standard input",
		run: userCommand,
	}
}

func userCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "password") {
		return fmt.Errorf("user: want \"add\" or \"password\"\nUsage: %s", commands["user"].usage)
	}
	sub := args[0]
	var email, role string
	st, rest, err := commandStore(ctx, "user", args[1:], getenv, out, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the account's email address (required)")
		if sub == "add" {
			fs.StringVar(&role, "role", "editor", "admin (also manages accounts) or editor")
		}
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) > 0 {
		return fmt.Errorf("user %s takes no arguments, got %q (the password is never a flag: it is read from the terminal or standard input)", sub, rest[0])
	}
	if !news.ValidEmail(email) {
		return fmt.Errorf("--email %q: want an email address such as editor@example.com", email)
	}
	if sub == "add" && !news.Role(role).Valid() {
		return fmt.Errorf("--role %q: want admin or editor", role)
	}
	pw, err := readPassword(out)
	if err != nil {
		return err
	}
	hash, err := account.Hash(pw)
	if err != nil {
		return err
	}
	if sub == "password" {
		u, _, err := st.UserByEmail(ctx, email)
		if errors.Is(err, news.ErrNotFound) {
			return fmt.Errorf("no account for %s", email)
		} else if err != nil {
			return err
		}
		if err := st.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		fmt.Fprintf(out, "set a new password for %s; their open newsroom sessions are ended\n", u.Email)
		return nil
	}
	u, err := st.CreateUser(ctx, email, news.Role(role), hash)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created %s account %s; sign in at /newsroom/login\n", u.Role, u.Email)
	return nil
}

// readPassword asks twice without echo on a terminal; otherwise it reads the
// first line of standard input, so scripts can pipe a password in.
func readPassword(out io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(out, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		if err != nil {
			return "", err
		}
		fmt.Fprint(out, "Password again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

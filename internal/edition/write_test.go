//go:build unix

package edition

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

// Export creates every file afresh inside its directory: a symbolic link
// planted there after the directory was found empty is neither followed nor
// overwritten.
func TestWriteRefusesPlantedSymlink(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim")
	if err := os.WriteFile(victim, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	root, err := emptyRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	// Planted between the check and the writing.
	if err := os.Symlink(victim, filepath.Join(dir, SectionsFile)); err != nil {
		t.Fatal(err)
	}
	ed := Edition{Sections: []Section{{Key: "world", Names: map[news.Lang]string{news.EN: "World", news.ZH: "国际"}}}}
	err = write(root, ed)
	if err == nil || !strings.Contains(err.Error(), SectionsFile) {
		t.Fatalf("err=%v, want writing %s refused", err, SectionsFile)
	}
	if got, _ := os.ReadFile(victim); string(got) != "keep me" {
		t.Fatalf("the file the link points to was overwritten: %q", got)
	}
	// A dangling link is refused too, rather than creating its target.
	if err := os.Remove(filepath.Join(dir, SectionsFile)); err != nil {
		t.Fatal(err)
	}
	made := filepath.Join(outside, "made")
	if err := os.Symlink(made, filepath.Join(dir, SectionsFile)); err != nil {
		t.Fatal(err)
	}
	if err := write(root, ed); err == nil {
		t.Fatal("writing through a dangling link: no error")
	}
	if _, err := os.Lstat(made); err == nil {
		t.Fatal("the dangling link's target was created")
	}
}

// An export holds drafts: its directory is the owner's alone, and so is
// every file in it.
func TestWriteModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "edition")
	ed := Edition{Sections: []Section{{Key: "world", Names: map[news.Lang]string{news.EN: "World", news.ZH: "国际"}}}}
	if err := Write(dir, ed); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := info.Mode().Perm(), os.FileMode(0o700); got != want {
		t.Errorf("directory mode=%v, want %v", got, want)
	}
	info, err = os.Stat(filepath.Join(dir, SectionsFile))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := info.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Errorf("file mode=%v, want %v", got, want)
	}
	// A directory holding only a symbolic link is not empty: refused.
	other := t.TempDir()
	if err := os.Symlink("/etc/passwd", filepath.Join(other, SectionsFile)); err != nil {
		t.Fatal(err)
	}
	if err := Write(other, ed); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("err=%v, want a refusal", err)
	}
}

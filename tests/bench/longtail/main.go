// Command longtail prepares make bench-longtail's crawl: it reads a running
// Broadsheet's sitemaps, picks n story pages uniformly at random (seeded, so
// every run loads the same pages), and mirrors each one — the bytes a reader
// gets, plain and gzipped — into a directory nginx serves as static files: the
// static twin a site generator behind nginx would give. It writes the chosen
// paths, one per line, for wrk's request script.
//
//	longtail -base http://127.0.0.1:8080 -n 20000 -www DIR -paths FILE
package main

import (
	"compress/gzip"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Headers a browser sends; the mirror must hold what wrk's requests get.
const userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

func main() {
	base := flag.String("base", "", "the running site, e.g. http://127.0.0.1:8080")
	n := flag.Int("n", 20000, "story pages to pick")
	www := flag.String("www", "", "directory to mirror the pages into (skipped when empty)")
	paths := flag.String("paths", "", "file to write the chosen paths to, one per line")
	seed := flag.Uint64("seed", 1, "seed for the random pick")
	workers := flag.Int("workers", 4, "concurrent fetches")
	flag.Parse()
	if *base == "" || *paths == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*base, *n, *www, *paths, *seed, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "longtail:", err)
		os.Exit(1)
	}
}

func run(base string, n int, www, pathsFile string, seed uint64, workers int) error {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DisableCompression: true, MaxIdleConnsPerHost: workers,
	}}
	stories, err := storyPaths(client, base)
	if err != nil {
		return err
	}
	if len(stories) < n {
		return fmt.Errorf("the sitemaps list %d story pages, fewer than the %d asked for", len(stories), n)
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r.Shuffle(len(stories), func(i, j int) { stories[i], stories[j] = stories[j], stories[i] })
	stories = stories[:n]
	if err := os.WriteFile(pathsFile, []byte(strings.Join(stories, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	if www == "" {
		return nil
	}
	return mirror(client, base, www, stories, workers)
}

// storyPaths lists every story page the sitemap index leads to.
func storyPaths(c *http.Client, base string) ([]string, error) {
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := getXML(c, base+"/sitemap.xml", &index); err != nil {
		return nil, err
	}
	var out []string
	for _, sm := range index.Sitemaps {
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := getXML(c, base+pathOf(sm.Loc), &set); err != nil {
			return nil, err
		}
		for _, u := range set.URLs {
			if p := pathOf(u.Loc); strings.Contains(p, "/story/") {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// pathOf keeps a URL's path: the sitemaps name the site's public base URL,
// the bench talks to the loopback address.
func pathOf(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	return u.EscapedPath()
}

func getXML(c *http.Client, u string, v any) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return xml.NewDecoder(resp.Body).Decode(v)
}

// mirror saves each page as FILE and its gzipped bytes as FILE.gz, for
// nginx's gzip_static.
func mirror(c *http.Client, base, www string, paths []string, workers int) error {
	jobs := make(chan string)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				if err := mirrorPage(c, base, www, p); err != nil {
					errs <- err
					for range jobs { // drain so the feeder finishes
					}
					return
				}
			}
		}()
	}
	for _, p := range paths {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

func mirrorPage(c *http.Client, base, www, p string) error {
	file := filepath.Join(www, filepath.FromSlash(strings.TrimPrefix(p, "/")))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	plain, _, err := fetch(c, base+p, "")
	if err != nil {
		return err
	}
	gz, enc, err := fetch(c, base+p, "gzip")
	if err != nil {
		return err
	}
	if enc != "gzip" {
		return fmt.Errorf("GET %s with gzip accepted: Content-Encoding %q", p, enc)
	}
	zr, err := gzip.NewReader(strings.NewReader(string(gz)))
	if err != nil {
		return fmt.Errorf("GET %s: %w", p, err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("GET %s: gzip body: %w", p, err)
	}
	if string(unzipped) != string(plain) {
		return fmt.Errorf("GET %s: the gzipped and plain pages differ", p)
	}
	if err := os.WriteFile(file, plain, 0o644); err != nil {
		return err
	}
	return os.WriteFile(file+".gz", gz, 0o644)
}

func fetch(c *http.Client, u, encoding string) ([]byte, string, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", userAgent)
	if encoding != "" {
		req.Header.Set("Accept-Encoding", encoding)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", errors.New("GET " + u + ": " + resp.Status)
	}
	return body, resp.Header.Get("Content-Encoding"), nil
}

// Command refserver is the load test's reference: a bare net/http handler that
// writes one file's bytes from memory at every path, the "bare Go handler"
// that DESIGN.md's article-page budget is measured against.
//
//	refserver -addr 127.0.0.1:8081 -file page.html -gzip
//
// With -gzip, a client that accepts gzip gets a gzipped copy (the bytes of
// -gzfile when given, else -file compressed once at start) with
// Content-Encoding: gzip, as Broadsheet serves its cached pages.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address, host:port (port 0 picks a free one)")
	file := flag.String("file", "", "file whose bytes are served at every path (required)")
	useGzip := flag.Bool("gzip", false, "serve a gzipped copy, with Content-Encoding: gzip, to clients that accept it")
	gzFile := flag.String("gzfile", "", "with -gzip: pre-compressed bytes to serve instead of compressing -file")
	ctype := flag.String("type", "text/html; charset=utf-8", "Content-Type to send")
	headers := flag.String("headers", "", "response headers to send with -file, as curl -D saved them (Date, Content-Length and Connection are the server's own)")
	gzHeaders := flag.String("gzheaders", "", "with -gzip: response headers to send with the gzipped copy, the same way")
	flag.Parse()
	if *file == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	var gz []byte
	if *useGzip {
		if *gzFile != "" {
			if gz, err = os.ReadFile(*gzFile); err != nil {
				log.Fatal(err)
			}
		} else if gz, err = compress(body); err != nil {
			log.Fatal(err)
		}
	}

	plainH, err := readHeaders(*headers)
	if err != nil {
		log.Fatal(err)
	}
	gzH, err := readHeaders(*gzHeaders)
	if err != nil {
		log.Fatal(err)
	}
	h := newHandler(body, gz, *ctype, plainH, gzH)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("refserver listening on http://%s/ (%d bytes, gzip %d bytes)\n", ln.Addr(), len(body), len(gz))
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 2 * time.Minute}
	log.Fatal(srv.Serve(ln))
}

// compress gzips b at the level Broadsheet's page cache uses.
func compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// newHandler writes body, or gz to clients that accept gzip when gz is set,
// each with the headers given for it (else a minimal set). Header values are
// built once so a request only writes bytes.
func newHandler(body, gz []byte, ctype string, plainHeaders, gzHeaders http.Header) http.Handler {
	typ := []string{ctype}
	plainLen := []string{strconv.Itoa(len(body))}
	gzLen := []string{strconv.Itoa(len(gz))}
	gzipEnc := []string{"gzip"}
	vary := []string{"Accept-Encoding"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		b, n, extra := body, plainLen, plainHeaders
		zip := gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
		if zip {
			b, n, extra = gz, gzLen, gzHeaders
		}
		if extra != nil {
			for k, v := range extra {
				h[k] = v
			}
		} else {
			h["Content-Type"] = typ
			if gz != nil {
				h["Vary"] = vary
			}
			if zip {
				h["Content-Encoding"] = gzipEnc
			}
		}
		h["Content-Length"] = n
		if r.Method == http.MethodHead {
			return
		}
		w.Write(b)
	})
}

// readHeaders reads a response's headers as curl -D saves them, leaving out
// those the server sets itself. An empty name reads nothing.
func readHeaders(name string) (http.Header, error) {
	if name == "" {
		return nil, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tp := textproto.NewReader(bufio.NewReader(f))
	if _, err := tp.ReadLine(); err != nil { // the status line
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	mh, err := tp.ReadMIMEHeader()
	if err != nil && len(mh) == 0 {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	h := http.Header(mh)
	for _, k := range []string{"Date", "Content-Length", "Connection", "Transfer-Encoding", "Keep-Alive"} {
		h.Del(k)
	}
	return h, nil
}

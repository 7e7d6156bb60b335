# Broadsheet: every command the README names lives here.
GO       ?= go
BIN      ?= bin/broadsheet
# Debian packages the test suite drives: a real browser, CJK fonts, nginx as a
# caching proxy, and npm (only when missing) for axe-core and the Nu Html Checker.
TEST_DEBS = chromium fonts-noto-cjk nginx-light libxml2-utils systemd $(if $(shell command -v npm),,npm)
# Release targets: every pair builds with CGO_ENABLED=0 (modernc.org/sqlite is pure Go).
RELEASE_TARGETS = linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: run build release test test-deps check generate logo bench lighthouse bench-corpus bench-longtail clean

## run: serve the site on its embedded default (./data, demo edition, 127.0.0.1:8080)
run:
	$(GO) run ./cmd/broadsheet

## build: one static binary with everything embedded
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o $(BIN) ./cmd/broadsheet

## release: static binaries for Linux, macOS and Windows on amd64 and arm64 in dist/,
## with the version stamped (VERSION=v1.2.3 to name it), and their SHA256SUMS
release:
	rm -rf dist && mkdir -p dist
	@set -e; for t in $(RELEASE_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		echo "building $$os/$$arch"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags="-s -w -X main.version=$(VERSION)" \
			-o dist/broadsheet-$(VERSION)-$$os-$$arch$$ext ./cmd/broadsheet; \
	done
	cp docs/NOTICE dist/NOTICE
	cd dist && sha256sum broadsheet-* NOTICE > SHA256SUMS && cat SHA256SUMS

## test: install what the tests need, check generated code and style, run every test with the race detector
test: test-deps check
	$(GO) test -race -count=1 -timeout 20m ./...

## test-deps: install Chromium, CJK fonts, nginx, xmllint, Java and the pinned npm checkers when missing (needs root, as in CI)
test-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || ! command -v npm >/dev/null 2>&1 || \
		! test -x /usr/sbin/nginx || ! command -v xmllint >/dev/null 2>&1 || ! command -v systemd-analyze >/dev/null 2>&1; then \
		echo "installing $(TEST_DEBS)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEBS) >/dev/null; \
	fi
	@command -v java >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null)
	@test -f tests/checkers/node_modules/vnu-jar/build/dist/vnu.jar -a -f tests/checkers/node_modules/axe-core/axe.min.js \
		-a -f tests/checkers/node_modules/sitemap/schema/sitemap.xsd -a -f tests/checkers/node_modules/lighthouse/cli/index.js || \
		npm ci --prefix tests/checkers --ignore-scripts --no-audit --no-fund --silent

## check: generated templ code in step, gofmt and go vet clean
check: generate
	@git diff --exit-code -- '*_templ.go' || (echo "generated templ code is out of date: run make generate and commit" && exit 1)
	@test -z "$$(gofmt -l cmd internal views locales assets tests)" || (gofmt -l cmd internal views locales assets tests && echo "gofmt needed" && exit 1)
	$(GO) vet ./...

## generate: regenerate templ components
generate:
	$(GO) tool templ generate -log-level error

## logo: render the publisher logo (structured data) from its SVG source; the PNG is committed
logo:
	@command -v rsvg-convert >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librsvg2-bin >/dev/null)
	rsvg-convert -w 512 -h 512 assets/logo.svg -o assets/static/logo.png

## bench: Go benchmarks, requests per second and p99 of a warm page under load (wrk,
## nginx), latency over a 100 000-story corpus, then the crawl over that corpus
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/web/ ./internal/gzsplice/
	./tests/bench/bench.sh
	$(MAKE) lighthouse
	$(MAKE) bench-corpus
	$(MAKE) bench-longtail

## lighthouse: Lighthouse's four scores (a throttled phone) for the front page and a story in every edition
lighthouse: test-deps
	$(GO) test -count=1 -run '^TestLighthouse$$' -v ./cmd/broadsheet/ | grep -E 'lighthouse_test|^(ok|FAIL|---)'

## bench-corpus: 100 000 generated stories in both languages (once, in bench-data/), then
## front, section, search and newsroom latency p50/p95/p99 over them
bench-corpus: bench-data/broadsheet.db
	$(GO) run ./tests/bench/latency -data bench-data

bench-data/broadsheet.db:
	$(GO) run ./cmd/broadsheet generate --data bench-data --stories 100000

## bench-longtail: uniformly random story pages out of 20 000 of the corpus, as a crawler
## reads them, against nginx serving the same pages as files; warm and mixed loads;
## req/s, p99, timeouts and peak RSS
bench-longtail: bench-data/broadsheet.db
	./tests/bench/longtail.sh

clean:
	rm -rf bin dist data bench-data

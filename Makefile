# Broadsheet: every command the README names lives here.
GO       ?= go
BIN      ?= bin/broadsheet
# Debian packages the test suite drives: a real browser, CJK fonts, nginx as a
# caching proxy, and npm (only when missing) for axe-core and the Nu Html Checker.
TEST_DEBS = chromium fonts-noto-cjk nginx-light libxml2-utils $(if $(shell command -v npm),,npm)

.PHONY: run build test test-deps check generate logo bench bench-corpus clean

## run: serve the site on its embedded default (./data, demo edition, 127.0.0.1:8080)
run:
	$(GO) run ./cmd/broadsheet

## build: one static binary with everything embedded
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o $(BIN) ./cmd/broadsheet

## test: install what the tests need, check generated code and style, run every test with the race detector
test: test-deps check
	$(GO) test -race -count=1 -timeout 20m ./...

## test-deps: install Chromium, CJK fonts, nginx, xmllint, Java and the pinned npm checkers when missing (needs root, as in CI)
test-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || ! command -v npm >/dev/null 2>&1 || \
		! test -x /usr/sbin/nginx || ! command -v xmllint >/dev/null 2>&1; then \
		echo "installing $(TEST_DEBS)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEBS) >/dev/null; \
	fi
	@command -v java >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null)
	@test -f tests/checkers/node_modules/vnu-jar/build/dist/vnu.jar -a -f tests/checkers/node_modules/axe-core/axe.min.js \
		-a -f tests/checkers/node_modules/sitemap/schema/sitemap.xsd || \
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

## bench: Go benchmarks, requests per second and p99 under load (wrk, nginx), then
## latency over a 100 000-story corpus
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/web/
	./tests/bench/bench.sh
	$(MAKE) bench-corpus

## bench-corpus: 100 000 generated stories in both languages (once, in bench-data/), then
## front, section and search latency p50/p95/p99 over them
bench-corpus:
	@test -f bench-data/broadsheet.db || $(GO) run ./cmd/broadsheet generate --data bench-data --stories 100000
	$(GO) run ./tests/bench/latency -data bench-data

clean:
	rm -rf bin data bench-data

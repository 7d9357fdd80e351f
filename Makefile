# airscript: the two commands a new machine needs.
#   make run    build, then start the REPL bound to a sample payload
#   make test   build and run every test
# Both first install, on Linux, the C libraries the command links when they are missing:
# libedit-dev (the REPL's line editor), libsqlite3-dev (the SQLite store) and libjemalloc-dev (the
# command's allocator). `make test` runs the tests beside a throwaway PostgreSQL cluster
# (scripts/with-postgres.sh, which installs Debian's postgresql package when it is missing), then
# the tests with real clients: pytest-lsp and Neovim for the language server, Chromium for the
# inspector (scripts/client-tests.sh, which
# installs them when missing).

SWIFT ?= swift
SAMPLE_PAYLOAD ?= Samples/payloads/salesforce-lead.json
SAMPLE_CONNECTION ?= Samples/connections/crm-lookup.json

.PHONY: run test build deps conformance tools

run: deps
	$(SWIFT) build --product airscript
	.build/debug/airscript repl --payload $(SAMPLE_PAYLOAD) --connection $(SAMPLE_CONNECTION)

test: deps
	python3 scripts/check-layers.py
	python3 scripts/check-doc-comments.py
	$(SWIFT) format lint --strict -r Sources Tests Fuzz/Sources Benchmarks/Sources
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh $(SWIFT) test --skip-build
	scripts/client-tests.sh

build: deps
	$(SWIFT) build

# Fuzz/ and Benchmarks/ are packages of their own, run on purpose: CI builds them so that they
# cannot rot (the benchmarks in debug; the fuzzers as Fuzz/run-all builds them, which needs release).
tools: deps
	$(SWIFT) build --package-path Benchmarks --scratch-path .build-ci-bench
	$(SWIFT) build --package-path Fuzz --scratch-path .build-fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -gnone -Xswiftc -use-ld=lld

# The shared conformance cases, through `airscript eval`.
conformance: deps
	$(SWIFT) build --product airscript
	python3 ../shared/conformance/run

deps:
	@sh scripts/ensure-system-libraries.sh

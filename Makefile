# Engram — the two commands a new machine needs are `make run` and `make test`.
MVN      ?= mvn -B -ntp
PORT     ?= 8000
APP      := target/quarkus-app/quarkus-run.jar
APP_PG   := target/quarkus-app-pg/quarkus-run.jar
PG_TEST  := scripts/pg-test.sh

.PHONY: help build build-pg run run-pg mock bench-mock test test-h2 test-pg clean

help:
	@echo "make run       build and serve on :$(PORT) with the embedded H2 database under ./data"
	@echo "make test      the whole suite on H2, then on a throwaway PostgreSQL"
	@echo "make build     build the server (target/quarkus-app)"
	@echo "make build-pg  build the PostgreSQL flavour (target/quarkus-app-pg)"
	@echo "make run-pg    serve from PostgreSQL (ENGRAM_DB_URL, ENGRAM_DB_USER, ENGRAM_DB_PASSWORD)"
	@echo "make mock      serve the contract mock for app tests on :$(PORT) (in-memory; FIXTURES=file API_KEY=key)"
	@echo "make bench-mock  benchmark mock mode against Prism and WireMock (not part of make test)"

build:
	$(MVN) package -DskipTests

# The JDBC driver and SQL dialect are fixed when Quarkus builds the application, so PostgreSQL
# is a build flavour of its own (same code, same migrations, same tests).
build-pg:
	$(MVN) package -DskipTests -Dquarkus.profile=pg -Dquarkus.package.output-directory=quarkus-app-pg

run: build
	QUARKUS_HTTP_PORT=$(PORT) java -jar $(APP)

run-pg: build-pg
	QUARKUS_PROFILE=pg QUARKUS_HTTP_PORT=$(PORT) java -jar $(APP_PG)

# Mock mode: the test double for apps built on the Zep SDKs (README: "Testing your app against
# Engram"). In-memory database, /admin test controls, Prefer fault injection.
mock: build
	QUARKUS_PROFILE=mock QUARKUS_HTTP_PORT=$(PORT) \
	  $(if $(FIXTURES),ENGRAM_MOCK_FIXTURES=$(FIXTURES)) $(if $(API_KEY),ENGRAM_AUTH_API_KEYS=$(API_KEY)) \
	  java -jar $(APP)

bench-mock:
	bash bench/run-mock-bench.sh $(BENCH_ARGS)

test: test-h2 test-pg

test-h2:
	$(MVN) verify

# Starts a throwaway PostgreSQL 15 on 127.0.0.1:55432 (installing it when missing and allowed),
# runs the same suite against it, and always stops it again.
test-pg:
	@url=$$(bash $(PG_TEST) start) || exit 1; \
	echo "== PostgreSQL suite against $$url"; \
	ENGRAM_DB_URL=$$url $(MVN) test -Dquarkus.test.profile=pg; status=$$?; \
	bash $(PG_TEST) stop; exit $$status

clean:
	$(MVN) clean

# Engram — the two commands a new machine needs are `make run` and `make test`.
MVN      ?= mvn -B -ntp
PORT     ?= $(or $(QUARKUS_HTTP_PORT),8000)
APP      := target/quarkus-app/quarkus-run.jar
PG_TEST  := scripts/pg-test.sh
CRASH    := java scripts/reliability/CrashTest.java
CRASH_CYCLES ?= 3
REPLICA  := java scripts/reliability/ReplicaTest.java
# Its own throwaway PostgreSQL (port and directory), so it never meets the one of test-pg.
REPLICA_PG := ENGRAM_PG_PORT=55452 ENGRAM_PG_DIR=/tmp/engram-pg-replicas
# JVM options of make run and make mock. A bounded heap: the JVM otherwise may take a quarter of
# the machine's memory and RSS grows towards it although the live heap stays under 100 MB (the
# embedding models and the Lucene index live outside the heap). Serial GC: one collector thread,
# no parallel-GC start-up cost, pauses of a few ms at this heap size. A small initial heap: the
# JVM's default (1/64 of the machine's memory) lets the young generation grow to ~100 MB of pages
# touched before the first collection; from 32 MB the heap grows with the work (RSS at the first
# answer 300 -> 230 MB, and slightly less start-up CPU). README: "Memory and start-up".
JAVA      ?= java
JAVA_OPTS ?= -Xms32m -Xmx512m -XX:+UseSerialGC
# Mock mode lives for one CI run: C1 only (no C2 compiler threads) halves its start-up CPU.
MOCK_JAVA_OPTS ?= $(JAVA_OPTS) -XX:TieredStopAtLevel=1
# What the packaged jars are built from (a jar older than any of these is rebuilt).
SOURCES  := pom.xml $(shell find src/main openapi -type f 2>/dev/null)
# JDK 25's AOT cache (scripts/aot.sh, README "Memory and start-up"): when the machine has a JDK 25
# or later, make run and make mock start the aot-jar of target/aot from a cache trained once per
# build (about half the start's CPU); AOT=0 keeps to the fast-jar on $(JAVA).
AOT       ?= 1
# (looked up once, on first use: the lookup runs java -version for each JDK found)
AOT_JAVA  ?= $(eval AOT_JAVA := $(if $(filter 0 no false,$(AOT)),,$(shell bash scripts/aot.sh java 2>/dev/null)))$(AOT_JAVA)
AOT_APP   := target/aot/quarkus-run.jar
AOT_CACHE := target/aot/app.aot
# The server's start command (mock mode passes its own JVM options); from the cache with the
# options scripts/aot.sh gives (they must match its training run's).
AOT_FLAGS := $(shell bash scripts/aot.sh flags)
serve = $(if $(AOT_JAVA),$(AOT_JAVA) $(1) $(AOT_FLAGS) -jar $(AOT_APP),$(JAVA) $(1) -jar $(APP))

.PHONY: help build aot run run-pg mock image image-test export import bench bench-pg bench-pg-stop bench-mock test test-h2 test-pg sdk-test console-test crash-test replica-test reliability client eval eval-retrieval eval-facts eval-summaries fuzz reindex clean

help:
	@echo "make run       build and serve on :$(PORT) with the embedded H2 database under ./data"
	@echo "make test      the whole suite on H2, then on a throwaway PostgreSQL, then the SDK suite, the console test and crash-test"
	@echo "make sdk-test  the official TypeScript SDK against the packaged server (Node.js >= 18)"
	@echo "make console-test  the web console (/console) in headless Chromium (playwright-core; screenshots in target/console-screenshots)"
	@echo "make crash-test  kill -9 the server under write load, restart, check nothing acknowledged"
	@echo "                 was lost: 3 cycles on H2, 3 on a throwaway PostgreSQL (part of make test)"
	@echo "make replica-test  two replicas on one throwaway PostgreSQL, one killed with kill -9 mid-ingest:"
	@echo "                 every acknowledged message processed exactly once (part of make crash-test)"
	@echo "make reliability 20 crash cycles each, then 10,000 fuzzed requests on H2 and PostgreSQL (not in make test)"
	@echo "make build     build the server (target/quarkus-app; H2 or PostgreSQL, chosen at start by ENGRAM_DB_URL)"
	@echo "make aot       the server with JDK 25's AOT cache (target/aot; make run and make mock use it when a JDK 25 is found, AOT=0 not)"
	@echo "make run-pg    the same server on PostgreSQL (ENGRAM_DB_URL=jdbc:postgresql://..., ENGRAM_DB_USER, ENGRAM_DB_PASSWORD)"
	@echo "make eval      precision/recall of the local intelligence on the labelled evaluation set"
	@echo "make fuzz      10,000 hostile requests generated from the spec (SpecFuzzTest; FUZZ_SEED=13)"
	@echo "make reindex   delete the search index (server stopped); the next start rebuilds it from the database"
	@echo "make eval-retrieval  recall@k/MRR of search on LoCoMo-format conversations vs BM25 (LOCOMO_DIR=dir|files)"
	@echo "make eval-facts  learnt facts against LoCoMo's observations, beside the old extractor (LOCOMO_DIR)"
	@echo "make eval-summaries  share of LoCoMo's per-session events the summaries name, new vs previous summarizer"
	@echo "make client    the Java client generated from the spec (target/engram-*-client.jar)"
	@echo "make mock      serve the contract mock for app tests on :$(PORT) (in-memory; FIXTURES=file API_KEY=key)"
	@echo "make bench     latency, ingest, drain and start-up of the packaged server on seeded data (not part of make test;"
	@echo "               BENCH_SCALE=small|medium|full|long (10k, 100k, 1M messages; long: 100k in four sessions), BENCH_PHASES=all|read,ingest,model,startup)"
	@echo "make bench-pg  the same benchmark on a throwaway PostgreSQL with pgvector (BENCH_SCALE, BENCH_PHASES)"
	@echo "make bench-mock  benchmark mock mode against Prism and WireMock (not part of make test)"
	@echo "make image   an OCI image tarball of the server, built with Jib without a Docker daemon (target/engram-image.tar;"
	@echo "             docker load -i / podman load -i it; README: Container image)"
	@echo "make image-test  load the image into Podman and run it on H2 (a volume) and on PostgreSQL (not part of make test)"
	@echo "make export  OUT=file.jsonl.gz [USERS=a,b]   back up the running server (URL=, ENGRAM_API_KEY)"
	@echo "make import  FILE=file.jsonl.gz [USERS=a,b]  restore into the running server"
	@echo "make import  FROM=https://api.getzep.com FROM_API_KEY=key [USERS=a,b] [SINCE=2024-05-01]"
	@echo "             copy from any Zep v2 server through its API (resumable; README: Backup, restore and moving in)"

build:
	$(MVN) package -DskipTests

# The cache is trained with mock mode's options (C1 only): a cache that carries C2's profiles
# makes the JIT compile early at every start (measured: a third more start-up CPU).
$(AOT_CACHE): $(SOURCES)
	AOT_JAVA=$(AOT_JAVA) JAVA_OPTS="$(MOCK_JAVA_OPTS)" bash scripts/aot.sh build

aot: $(AOT_CACHE)

run: $(if $(AOT_JAVA),$(AOT_CACHE),build)
	QUARKUS_HTTP_PORT=$(PORT) $(call serve,$(JAVA_OPTS))

# One build serves both databases: a jdbc:postgresql: ENGRAM_DB_URL is all it takes (README: PostgreSQL).
run-pg: build
	@case "$$ENGRAM_DB_URL" in jdbc:postgresql:*) ;; \
	  *) echo "set ENGRAM_DB_URL=jdbc:postgresql://host:port/db (and ENGRAM_DB_USER, ENGRAM_DB_PASSWORD)"; exit 1 ;; esac
	QUARKUS_HTTP_PORT=$(PORT) java -jar $(APP)

# Mock mode: the test double for apps built on the Zep SDKs (README: "Testing your app against
# Engram"). In-memory database, /admin test controls, Prefer fault injection.
mock: $(if $(AOT_JAVA),$(AOT_CACHE),build)
	QUARKUS_PROFILE=mock QUARKUS_HTTP_PORT=$(PORT) \
	  $(if $(FIXTURES),ENGRAM_MOCK_FIXTURES=$(FIXTURES)) $(if $(API_KEY),ENGRAM_AUTH_API_KEYS=$(API_KEY)) \
	  $(call serve,$(MOCK_JAVA_OPTS))

# Container image (README "Container image"): Jib's core library (scripts/image/ImageBuilder.java)
# layers target/quarkus-app on a base image tarball of Debian 12 with OpenJDK 17, made once by
# scripts/image/base.sh with debootstrap (kept in .image-base/). No Docker daemon, no registry.
IMAGE      ?= engram:latest
IMAGE_TAR  ?= target/engram-image.tar
IMAGE_BASE ?= .image-base/engram-base.tar
image: $(APP)
	bash scripts/image/base.sh $(IMAGE_BASE)
	$(MVN) -q -f scripts/image/pom.xml dependency:build-classpath -Dmdep.outputFile=$(CURDIR)/target/image-builder.classpath
	java -cp "$$(cat target/image-builder.classpath)" scripts/image/ImageBuilder.java $(IMAGE_BASE) $(IMAGE_TAR) $(IMAGE)

image-test: image
	IMAGE=$(IMAGE) bash scripts/image/test.sh $(IMAGE_TAR)

# Backup, restore and moving in (README): scripts/engram runs the packaged jar's export and import
# commands, a client of the server at URL (default http://localhost:$(PORT)); it starts no server.
OUT ?= engram-export.jsonl.gz
TRANSFER_OPTS = $(if $(URL),--url "$(URL)",--url http://localhost:$(PORT)) $(if $(USERS),--users "$(USERS)")
export: $(APP)
	scripts/engram export --out "$(OUT)" $(TRANSFER_OPTS)

import: $(APP)
	@if [ -z "$(FILE)$(FROM)" ]; then echo "make import FILE=file.jsonl.gz, or FROM=url FROM_API_KEY=key"; exit 2; fi
	scripts/engram import $(if $(FROM),--from "$(FROM)" --api-key "$(FROM_API_KEY)" $(if $(SINCE),--since "$(SINCE)"),--file "$(FILE)") $(TRANSFER_OPTS)

# Benchmark (scripts/bench/Bench.java): seeds BENCH_SCALE messages straight into the H2 file of a
# data dir under target/bench/<scale> (kept for reruns), lets the server rebuild its index, then
# measures reads (p50/p95/max at concurrency 1 and 8), ingest, the job drain next to the bare
# embedding model, and start-up. The classpath gives it the H2 driver, the embedding model and the
# server's own classes (vectors are made by the server's code, so seeded ones cannot drift).
BENCH_SCALE  ?= small
BENCH_PHASES ?= all
# With a JDK 25 (AOT_JAVA) the startup phase also starts the server from the AOT cache (make aot).
bench: $(APP) $(if $(AOT_JAVA),$(AOT_CACHE))
	java -cp "target/quarkus-app/lib/main/*:target/quarkus-app/app/*" scripts/bench/Bench.java --scale $(BENCH_SCALE) --phases $(BENCH_PHASES) \
	  --java-opts "$(JAVA_OPTS)" --mock-java-opts "$(MOCK_JAVA_OPTS)" $(if $(AOT_JAVA),--aot-java $(AOT_JAVA) --aot-java-opts "$(AOT_FLAGS)") $(BENCH_OPTS)

# The same benchmark on PostgreSQL (with pgvector, the shared search index): a throwaway cluster
# of scripts/pg-test.sh on its own port, seeded anew each run, always stopped again. The cluster
# runs with fsync off (a test cluster): figures for the search and the index, not for durability.
# BENCH_PG_KEEP=1 keeps the cluster and its data for the next run, which then skips the seeding
# when the database holds the scale's data (stop it with `make bench-pg-stop`).
# BENCH_PG_SHARED_BUFFERS sizes PostgreSQL's buffer cache (PostgreSQL's default is 128MB).
BENCH_PG_SHARED_BUFFERS ?= 4GB
BENCH_PG := ENGRAM_PG_PORT=55472 ENGRAM_PG_DIR=/tmp/engram-pg-bench ENGRAM_PG_SHARED_BUFFERS=$(BENCH_PG_SHARED_BUFFERS)
bench-pg: $(APP)
	@url=$$($(BENCH_PG) bash $(PG_TEST) $(if $(BENCH_PG_KEEP),resume,start)) || exit 1; \
	java -cp "target/quarkus-app/lib/main/*:target/quarkus-app/app/*" scripts/bench/Bench.java --scale $(BENCH_SCALE) \
	  --phases $(BENCH_PHASES) --pg-url $$url $(if $(BENCH_PG_KEEP),--reuse) --java-opts "$(JAVA_OPTS)" \
	  --mock-java-opts "$(MOCK_JAVA_OPTS)" $(BENCH_OPTS); \
	status=$$?; $(if $(BENCH_PG_KEEP),,$(BENCH_PG) bash $(PG_TEST) stop;) exit $$status

bench-pg-stop:
	@$(BENCH_PG) bash $(PG_TEST) stop

bench-mock:
	MOCK_JAVA_OPTS="$(MOCK_JAVA_OPTS)" AOT_JAVA="$(AOT_JAVA)" bash bench/run-mock-bench.sh $(BENCH_ARGS)

# test-h2 (mvn verify) packages the server, so the SDK suite and the crash test run against that
# fresh build (the same jar on H2 and on PostgreSQL).
test: test-h2 test-pg
	bash scripts/sdk-test.sh
	bash scripts/console-test.sh
	$(MAKE) --no-print-directory crash-test

test-h2:
	$(MVN) verify

# Starts a throwaway PostgreSQL 15 on 127.0.0.1:55432 (installing it when missing and allowed),
# runs the same suite against it, and always stops it again.
test-pg:
	@url=$$(bash $(PG_TEST) start) || exit 1; \
	echo "== PostgreSQL suite against $$url"; \
	ENGRAM_DB_URL=$$url $(MVN) test -Dquarkus.test.profile=pg; status=$$?; \
	bash $(PG_TEST) stop; exit $$status

# Crash test ("nothing lost", scripts/reliability/CrashTest.java): writers add messages, the server
# is killed with SIGKILL after 1.5-4 s, restarted on the same data, and every acknowledged session
# and message must be there. CRASH_CYCLES cycles on H2, then as many on a throwaway PostgreSQL
# (scripts/pg-test.sh, always stopped again), then the replica test. All runs always run; any failing
# fails the target.
crash-test: $(APP)
	@status=0; \
	echo "== crash test on H2 ($(CRASH_CYCLES) cycles)"; \
	$(CRASH) --cycles $(CRASH_CYCLES) --jar $(APP) || status=1; \
	url=$$(bash $(PG_TEST) start) || exit 1; \
	echo "== crash test on PostgreSQL ($(CRASH_CYCLES) cycles) against $$url"; \
	$(CRASH) --cycles $(CRASH_CYCLES) --jar $(APP) --pg-url $$url || status=1; \
	bash $(PG_TEST) stop; \
	$(MAKE) --no-print-directory replica-test || status=1; \
	exit $$status

# Replica test (scripts/reliability/ReplicaTest.java, about 2 minutes): two replicas on one fresh
# PostgreSQL, writes through both in turn, one killed with SIGKILL while jobs run; the survivor
# must finish the work, and every acknowledged message is stored once and processed, with no
# duplicate fact or summary. The database is always stopped again.
replica-test: $(APP)
	@url=$$($(REPLICA_PG) bash $(PG_TEST) start) || exit 1; \
	echo "== replica test: two replicas on $$url"; \
	$(REPLICA) --jar $(APP) --pg-url $$url; status=$$?; \
	$(REPLICA_PG) bash $(PG_TEST) stop; exit $$status

# The long forms (not part of make test): 20 crash cycles per database, then 10,000 fuzzed
# requests on H2 and on a throwaway PostgreSQL.
reliability:
	$(MAKE) --no-print-directory crash-test CRASH_CYCLES=20
	$(MAKE) --no-print-directory fuzz
	@url=$$(bash $(PG_TEST) start) || exit 1; \
	echo "== fuzz on PostgreSQL against $$url"; \
	ENGRAM_DB_URL=$$url $(MVN) test -Dquarkus.test.profile=pg -Dtest=SpecFuzzTest -Dfuzz.requests=10000 \
	  -Dfuzz.seed=$(or $(FUZZ_SEED),13) -Dsurefire.failIfNoSpecifiedTests=false; status=$$?; \
	bash $(PG_TEST) stop; exit $$status

$(APP): $(SOURCES)
	$(MVN) package -DskipTests

# The Java client generated from openapi/zep-v2.yaml (the same one the integration tests use).
client:
	$(MVN) package -DskipTests
	@ls target/engram-*-client.jar

# The official TypeScript SDK (@getzep/zep-cloud, pinned in sdk-tests/typescript) against the
# packaged server on a free port with a fresh database; see scripts/sdk-test.sh.
sdk-test: build
	bash scripts/sdk-test.sh

# The web console (/console) in Debian's headless Chromium through playwright-core (pinned in
# console-tests/package-lock.json), against the packaged server seeded through the API; saves a
# screenshot of every page under target/console-screenshots; see scripts/console-test.sh.
console-test: build
	bash scripts/console-test.sh

# Precision/recall of the local intelligence on the labelled set src/test/resources/eval/dataset.json.
eval:
	$(MVN) test -Dtest=EvalTest -Deval.excluded=none -Dsurefire.failIfNoSpecifiedTests=false

# The long form of SpecFuzzTest (make test sends 2,000): seeded requests generated from the spec,
# each with one hostile mutation; report in target/fuzz-report.txt.
fuzz:
	$(MVN) test -Dtest=SpecFuzzTest -Dfuzz.requests=10000 -Dfuzz.seed=$(or $(FUZZ_SEED),13) -Dsurefire.failIfNoSpecifiedTests=false

# Retrieval (recall@1/5/10, MRR@10 per search scope, next to a Lucene BM25 baseline) on the
# LoCoMo-format conversations in LOCOMO_DIR (directories and/or files, comma-separated; the
# data set is not in the repository); the report also goes to target/eval-retrieval.txt.
LOCOMO_DIR ?= /work/data/locomo/dev
eval-retrieval:
	$(MVN) test -Dtest=RetrievalEvalTest -Deval.excluded=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dlocomo.dir="$(LOCOMO_DIR)"

# Learnt facts against LoCoMo's per-session observations (recall at several similarity
# thresholds, next to the pattern extractor it replaced); every fact goes to target/eval-facts-*.tsv.
eval-facts:
	$(MVN) test -Dtest=FactEvalTest -Deval.excluded=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dlocomo.dir="$(LOCOMO_DIR)"

# Summaries (SummaryEvalTest): the share of each LoCoMo session's events (events_session_N) that
# the session's summaries name, and their length, for the local summarizer and the previous one,
# summarizing in-process as SummarizeJob does; the report also goes to target/eval-summaries.txt.
eval-summaries:
	$(MVN) test -Dtest=SummaryEvalTest -Deval.excluded=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dlocomo.dir="$(LOCOMO_DIR)"

# The search index is derived data: with the server stopped, delete it and the next start
# rebuilds it from the database (ENGRAM_DATA_DIR as for make run, ./data by default).
DATA_DIR ?= $(or $(ENGRAM_DATA_DIR),./data)
reindex:
	@if pgrep -f "quarkus-run.jar" >/dev/null && [ -z "$(FORCE)" ]; then \
	  echo "an Engram server seems to be running: stop it first (or FORCE=1)"; exit 1; fi
	rm -rf "$(DATA_DIR)/index"
	@echo "deleted $(DATA_DIR)/index; the next start rebuilds it from the database (see /q/health/ready)"

clean:
	$(MVN) clean

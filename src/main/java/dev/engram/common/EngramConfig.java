package dev.engram.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The {@code engram.*} settings (see the README's configuration table). */
@ConfigMapping(prefix = "engram")
public interface EngramConfig {

    /** Directory of the embedded H2 database (used by the default datasource URL). */
    @WithDefault("./data")
    String dataDir();

    Limits limits();

    Auth auth();

    Intelligence intelligence();

    Llm llm();

    Jobs jobs();

    Search search();

    /** The search index (derived from the database, rebuildable). */
    interface Search {
        /**
         * Which index: {@code lucene} (embedded, under {@link #indexDir}), {@code postgresql}
         * (pgvector tables in the database, shared by replicas), or {@code auto}: PostgreSQL's
         * when the database is PostgreSQL with pgvector available, Lucene's otherwise.
         */
        @WithDefault("auto")
        String index();

        /** Where the Lucene index lives; {@code memory} keeps it in memory (tests, mock mode). */
        @WithDefault("${engram.data-dir}/index")
        String indexDir();

        /**
         * How long a search waits for changes committed before it to become searchable; after
         * that it answers from what is indexed (a rebuild in progress, say).
         */
        @WithDefault("10s")
        java.time.Duration freshnessWait();

        /** How often the index looks for changes made by other processes on the same database. */
        @WithDefault("500ms")
        java.time.Duration pollInterval();

        /**
         * PostgreSQL's maintenance memory, in megabytes, for building the search index's word and
         * vector indexes after a rebuild (an HNSW graph of a million 384-dimension vectors needs
         * about 2 GB to be built in memory; one that does not fit is built more slowly).
         */
        @WithDefault("1024")
        int pgBuildMemory();
    }

    /** Which implementation each kind of intelligence uses. */
    interface Intelligence {
        enum Provider { local, llm }

        /** The default for every capability. */
        @WithDefault("local")
        Provider provider();

        /**
         * Per-capability overrides, e.g. {@code engram.intelligence.providers.summarizer=llm}.
         * Capabilities: embedder, summarizer, fact-extractor, fact-rater, classifier, extractor,
         * question-synthesizer.
         */
        java.util.Map<String, Provider> providers();

        default Provider providerFor(String capability) {
            return providers().getOrDefault(capability, provider());
        }

        /**
         * The in-process embedding model of the {@code local} embedder: {@code bge-small-en-v1.5}
         * (trained for retrieval; chosen by {@code make eval-retrieval}) or {@code all-minilm-l6-v2}
         * (both quantized ONNX models shipped in Maven artifacts). Vectors name their model: after
         * a change, older vectors are embedded again when a search first reads them. Vectors name their model: after
         * a change, older vectors are embedded again when a search first reads them.
         */
        @WithDefault("bge-small-en-v1.5")
        String localEmbeddingModel();

        /** Unsummarized messages that trigger a new summary (the oldest half is folded in). */
        @WithDefault("12")
        int summaryWindow();

        /** Facts returned as {@code relevant_facts} by memory reads. */
        @WithDefault("5")
        int relevantFacts();
    }

    /** An OpenAI-compatible chat/embeddings API (OpenAI, Ollama, vLLM, ...). */
    interface Llm {
        @WithDefault("http://localhost:11434/v1")
        String baseUrl();

        Optional<String> apiKey();

        @WithDefault("gpt-4o-mini")
        String chatModel();

        @WithDefault("text-embedding-3-small")
        String embeddingModel();

        @WithDefault("60s")
        java.time.Duration timeout();

        /**
         * Facts, ratings and summaries ask for their answer's exact shape as a strict
         * {@code json_schema} response format; off, they ask for plain JSON mode
         * ({@code json_object}), for servers that reject json_schema. Answers are checked either way.
         */
        @WithDefault("true")
        boolean jsonSchema();
    }

    /** The background workers that derive embeddings, facts and summaries. */
    interface Jobs {
        /** Worker threads of this process (0 disables background work on this replica). */
        @WithDefault("2")
        int workers();

        /** How long an idle worker waits before looking for work again. */
        @WithDefault("500ms")
        java.time.Duration pollInterval();

        /** Attempts before a failing job is parked. */
        @WithDefault("5")
        int maxAttempts();

        /** First retry delay; doubles with every attempt. */
        @WithDefault("1s")
        java.time.Duration retryBackoff();

        /** A running job whose worker went silent this long is handed to another worker. */
        @WithDefault("5m")
        java.time.Duration lease();

        /**
         * Run derived work on the request thread before answering, instead of in background
         * workers (mock mode: answers then include derived data and are deterministic).
         */
        @WithDefault("false")
        boolean inline();
    }
    Mock mock();

    interface Limits {
        @WithDefault("30")
        int maxMessagesPerCall();

        @WithDefault("100000")
        int maxMessageChars();

        @WithDefault("1000")
        int maxPageSize();

        @WithDefault("5M")
        String maxBodySize();
    }

    interface Auth {
        /** Accepted API keys; none means the API is open. */
        Optional<List<String>> apiKeys();
    }

    /** Mock mode: the test double that apps run against in their CI (profile {@code mock}). */
    interface Mock {
        /** Turns on the {@code /admin} test controls, the request journal and fault injection. */
        @WithDefault("false")
        boolean enabled();

        /** JSON or YAML file of users, sessions, messages and facts loaded at start and on reset. */
        Optional<String> fixtures();

        /** Entries the request journal keeps (oldest dropped first). */
        @WithDefault("1000")
        int journalSize();

        Deterministic deterministic();

        interface Deterministic {
            /** Fixed clock and seeded UUIDs from the start. */
            @WithDefault("false")
            boolean enabled();

            @WithDefault("42")
            long seed();

            /** First instant of the fixed clock (RFC 3339). */
            @WithDefault("2025-01-01T00:00:00Z")
            String time();

            /** Milliseconds the fixed clock advances per reading. */
            @WithDefault("1000")
            long stepMs();
        }
    }
}

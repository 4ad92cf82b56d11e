package dev.engram.index;

import dev.engram.text.TextAnalysis;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index itself: one document per record, its fields, and the writes. Each kind has
 * its own text and vector field, so word statistics (document frequencies, average length) are
 * those of its kind and each kind has its own HNSW graph. Scoping fields (kind, user, session,
 * created_at, rating) are indexed points, so filters never read documents.
 */
final class LuceneStore implements IndexStore {

    static final String KEY = "key";
    static final String KIND = "kind";
    static final String ID = "id";
    static final String USER = "user";
    static final String SESSION = "session";
    static final String CREATED = "created";
    static final String RATING = "rating";
    /** Present (value "1") on facts that no longer hold. */
    static final String INVALID = "invalid";
    static final String WORDS_STORED = "words";
    static final String TEXT_STORED = "text";
    static final String METADATA = "metadata";

    /** Bumped when the documents' layout changes: an index of another layout is rebuilt (2: context words). */
    static final String FORMAT_VERSION = "2";

    final Directory directory;
    final IndexWriter writer;
    final SearcherManager searchers;
    final String location;
    /** Times writes were made visible ({@link #refresh}), and how many of them the searchers show. */
    private final java.util.concurrent.atomic.AtomicLong refreshesAsked = new java.util.concurrent.atomic.AtomicLong();
    private volatile long refreshesShown;
    private final Object reopening = new Object();

    private LuceneStore(Directory directory, String location) throws IOException {
        this.directory = directory;
        this.location = location;
        IndexWriterConfig config = new IndexWriterConfig(TextAnalysis.termAnalyzer());
        config.setCodec(new Codec());
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(new BM25Similarity(LuceneSearchIndex.K1, LuceneSearchIndex.B));
                return searcher;
            }
        });
    }

    /** Opens (or creates) the index in {@code dir}; "memory" keeps it in memory (tests, mock mode). */
    static LuceneStore open(String dir) throws IOException {
        if ("memory".equals(dir)) {
            return new LuceneStore(new ByteBuffersDirectory(), "memory");
        }
        Path path = Path.of(dir).toAbsolutePath();
        java.nio.file.Files.createDirectories(path);
        return new LuceneStore(FSDirectory.open(path), path.toString());
    }

    static String textField(RecordKind kind) {
        return "words_" + kind.code;
    }

    static String contextField(RecordKind kind) {
        return "context_" + kind.code;
    }

    static String vectorField(RecordKind kind) {
        return "vector_" + kind.code;
    }

    static Term key(RecordKind kind, long id) {
        return new Term(KEY, kind.code + ":" + id);
    }

    static long micros(OffsetDateTime time) {
        return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, time.toInstant());
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String formatVersion() {
        return FORMAT_VERSION;
    }

    /**
     * Makes the writes so far visible to the next search, which reopens the reader before it
     * reads ({@link #acquire}). Reopening here, after every pass of the follower, cost about
     * a tenth of mock mode's CPU under a stream of adds that nobody searched in between.
     */
    @Override
    public void refresh() {
        refreshesAsked.incrementAndGet();
    }

    /**
     * A searcher that sees every write made visible by {@link #refresh} before this call; give
     * it back with {@code searchers.release}. A search that comes while another one reopens
     * waits for that reopen (or does the next one) rather than reading the older searcher.
     */
    IndexSearcher acquire() throws IOException {
        long wanted = refreshesAsked.get();
        if (refreshesShown < wanted) {
            synchronized (reopening) {
                if (refreshesShown < wanted) {
                    long asked = refreshesAsked.get(); // read before the reopen, which shows at least these
                    searchers.maybeRefreshBlocking();
                    refreshesShown = asked;
                }
            }
        }
        return searchers.acquire();
    }

    @Override
    public void upsert(IndexedRecord r) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(KEY, key(r.kind(), r.id()).text(), Field.Store.NO));
        doc.add(new StringField(KIND, r.kind().code, Field.Store.NO));
        doc.add(new LongField(ID, r.id(), Field.Store.YES));
        doc.add(new LongField(USER, r.userPk(), Field.Store.NO));
        if (r.sessionPk() != null) {
            doc.add(new LongField(SESSION, r.sessionPk(), Field.Store.NO));
        }
        doc.add(new LongField(CREATED, micros(r.createdAt()), Field.Store.NO));
        if (r.rating() != null) {
            doc.add(new DoubleField(RATING, r.rating(), Field.Store.NO));
        }
        if (r.invalid()) {
            doc.add(new StringField(INVALID, "1", Field.Store.NO));
        }
        doc.add(new TextField(textField(r.kind()), r.words(), Field.Store.NO));
        if (r.context() != null) {
            doc.add(new TextField(contextField(r.kind()), r.context(), Field.Store.NO));
        }
        doc.add(new StoredField(WORDS_STORED, r.words()));
        doc.add(new StoredField(TEXT_STORED, r.text()));
        if (r.metadata() != null) {
            doc.add(new StoredField(METADATA, r.metadata()));
        }
        if (r.vector() != null) {
            doc.add(new KnnFloatVectorField(vectorField(r.kind()), r.vector(), VectorSimilarityFunction.COSINE));
        }
        writer.updateDocument(key(r.kind(), r.id()), doc);
    }

    @Override
    public void delete(RecordKind kind, long id) throws IOException {
        writer.deleteDocuments(key(kind, id));
    }

    @Override
    public void deleteSession(long sessionPk) throws IOException {
        writer.deleteDocuments(LongField.newExactQuery(SESSION, sessionPk));
    }

    @Override
    public void deleteUser(long userPk) throws IOException {
        writer.deleteDocuments(LongField.newExactQuery(USER, userPk));
    }

    @Override
    public void deleteAll() throws IOException {
        writer.deleteAll();
    }

    /** The commit data of the last commit (empty for a new index). */
    @Override
    public Map<String, String> committed() {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    /** Makes everything written so far durable, with the data that says what it reflects. */
    @Override
    public void commit(Map<String, String> data) throws IOException {
        writer.setLiveCommitData(new HashMap<>(data).entrySet());
        writer.commit();
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }

    /** Lucene's current codec, but vectors of up to 4,096 dimensions (remote models go beyond 1,024). */
    private static final class Codec extends Lucene912Codec {
        private final KnnVectorsFormat vectors = new WideVectors();

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return vectors;
        }
    }

    /**
     * Lucene's HNSW format under its own name, so the files are read back by the stock format;
     * only the limit on dimensions, checked when writing, is raised.
     */
    private static final class WideVectors extends KnnVectorsFormat {
        private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

        WideVectors() {
            super("Lucene99HnswVectorsFormat");
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return delegate.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return delegate.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return 4096;
        }
    }
}

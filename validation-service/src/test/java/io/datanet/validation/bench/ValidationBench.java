package io.datanet.validation.bench;

import io.datanet.validation.checks.PiiDetector;
import io.datanet.validation.checks.QualityHeuristics;
import io.datanet.validation.checks.RecordAnalysis;
import io.datanet.validation.checks.Thresholds;
import io.datanet.validation.checks.UploadVerdict;
import io.datanet.validation.dedup.ExactHash;
import io.datanet.validation.checks.TopicRelevance;
import io.datanet.validation.dedup.MinHash;
import io.datanet.validation.dedup.Skeleton;
import io.datanet.validation.meaning.SentenceEncoder;
import io.datanet.validation.meaning.StaticEmbeddings;
import io.datanet.validation.records.DatasetRecord;
import io.datanet.validation.records.RecordReader;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The validation benchmark ({@code bench/validation/run.sh}). Two parts:
 * <ol>
 *   <li><b>pipeline</b>: records/s and MB/s on one core of the whole per-upload check (read JSONL, quality
 *   heuristics, PII, exact hash, MinHash signature and LSH keys, the sentence embedding, the upload verdict with
 *   relevance), on a generated corpus, beside the embedding model itself on a sample;</li>
 *   <li><b>lookup</b>: the near-duplicate candidate lookup of one 100-record upload against a datanet of 10k, 100k
 *   and 1M accepted records, in PostgreSQL with the service's own schema (its migrations) and the same query the
 *   service issues (see DuplicateIndex), to show it stays sub-linear.</li>
 * </ol>
 */
public final class ValidationBench {

    private static final String[] WORDS = ("the a of to and in that is was for on with as by at from his her they "
            + "their which this be have had not are but were one all would there been when who will more no if out so "
            + "said what up its about into than them can only other new some could time these two may then do first "
            + "any my now such like our over man me even most made after also did many before must through back years "
            + "where much your way well down should because each just those people how too little state good very make "
            + "world still own see men work long get here between both life being under never day same another know "
            + "while last might us great old year off come since against go came right used take three bread flour "
            + "water salt yeast oven dough knead rise bake crust crumb butter sugar egg milk sauce simmer roast season "
            + "river mountain valley harbor village council market bridge railway garden library school hospital").split(" ");

    public static void main(String[] args) throws Exception {
        String part = args.length > 0 ? args[0] : "all";
        if (part.equals("pipeline") || part.equals("all")) {
            pipeline();
        }
        if (part.equals("paraphrase") || part.equals("all")) {
            int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "10000,100000,1000000").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            ParaphraseIndexBench.run(sizes, 0.5);
        }
        if (part.equals("lookup") || part.equals("all")) {
            String url = System.getProperty("bench.jdbc", "jdbc:postgresql://127.0.0.1:5432/datanet_bench");
            int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "10000,100000,1000000").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            lookup(url, System.getProperty("bench.user", "datanet"), System.getProperty("bench.password", "datanet"),
                    sizes);
        }
    }

    /** A sentence-like record of 20-60 words; roughly one in fifty carries an e-mail address. */
    static String record(Random random) {
        int n = 20 + random.nextInt(41);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            text.append(i == n - 1 ? "." : random.nextInt(12) == 0 ? ", " : " ");
        }
        if (random.nextInt(50) == 0) {
            text.append(" Write to someone").append(random.nextInt(1000)).append("@example.org for more.");
        }
        return text.toString();
    }

    /** A sentence of quantities; one record in ten also gives a phone number, a card number or an IBAN. */
    static String numbers(Random random) {
        String quantities = "Bake at " + (150 + 10 * random.nextInt(10)) + " degrees for " + (10 + random.nextInt(50))
                + " minutes on 12/" + (10 + random.nextInt(18)) + "/2024; serves " + (2 + random.nextInt(6)) + ".";
        return switch (random.nextInt(30)) {
            case 0 -> quantities + " Call +44 20 7946 " + (1000 + random.nextInt(9000)) + ".";
            case 1 -> quantities + " Paid with 4111 1111 1111 1111.";
            case 2 -> quantities + " Refunds to GB82 WEST 1234 5698 7654 32.";
            default -> quantities;
        };
    }

    static void pipeline() throws Exception {
        Thresholds thresholds = new SmallRyeConfigBuilder().withMapping(Thresholds.class).build()
                .getConfigMapping(Thresholds.class);
        Random random = new Random(42);
        StringBuilder jsonl = new StringBuilder();
        int records = 20_000;
        for (int i = 0; i < records; i++) {
            jsonl.append("{\"text\":\"").append(record(random)).append("\"}\n");
        }
        byte[] file = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "pipeline: %d records, %.1f MB of JSONL, one thread%n", records,
                file.length / 1e6);
        StaticEmbeddings embeddings = StaticEmbeddings.load();
        TopicRelevance topic = new TopicRelevance(embeddings.embed("Generated benchmark text. bench"),
                Double.NEGATIVE_INFINITY);
        for (int round = 0; round < 5; round++) {   // the first two rounds warm the JIT up
            long start = System.nanoTime();
            List<DatasetRecord> parsed = RecordReader.read(new ByteArrayInputStream(file), "bench.jsonl");
            List<RecordAnalysis> analyses = new ArrayList<>(parsed.size());
            for (DatasetRecord r : parsed) {
                analyses.add(RecordAnalysis.of(r, thresholds));
            }
            // As the service does: the whole upload's readable records embedded in one pass.
            List<float[]> vectors = embeddings.embed(analyses.stream().map(a -> a.record().text()).toList());
            for (int i = 0; i < analyses.size(); i++) {
                analyses.set(i, analyses.get(i).withEmbedding(vectors.get(i)));
            }
            UploadVerdict.Outcome outcome = UploadVerdict.decide(analyses, "bench", List.of(), 0.8, thresholds, topic);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "  round %d: %.2f s  %,.0f records/s  %.2f MB/s  (%d accepted)%s%n",
                    round + 1, seconds, records / seconds, file.length / 1e6 / seconds, outcome.recordsAccepted(),
                    round < 2 ? "  [warm-up]" : "");
        }
        // Where the time goes: each stage alone over the same records (after the warm-up above).
        List<String> texts = RecordReader.read(new ByteArrayInputStream(file), "bench.jsonl").stream()
                .map(DatasetRecord::text).toList();
        stage("read JSONL", records, () -> RecordReader.read(new ByteArrayInputStream(file), "bench.jsonl"));
        stage("quality heuristics", records, () -> texts.forEach(t -> QualityHeuristics.judge(t, thresholds)));
        stage("PII", records, () -> texts.forEach(PiiDetector::find));
        // The corpus has no digits, so PII's first pass rules out all but its e-mail check; real records carry
        // quantities and times, and now and then a number that must be looked at closely.
        Random numbers = new Random(43);
        List<String> withNumbers = texts.stream().map(t -> t + " " + numbers(numbers)).toList();
        stage("PII, each record with numbers", records, () -> withNumbers.forEach(PiiDetector::find));
        stage("exact hash", records, () -> texts.forEach(ExactHash::of));
        stage("MinHash + LSH keys", records, () -> texts.forEach(t -> MinHash.bandKeys(MinHash.signature(t))));
        stage("skeleton + keys", records, () -> texts.forEach(t -> Skeleton.bandKeys(Skeleton.signature(t))));
        stage("embedding (table)", records, () -> embeddings.embed(texts));
        // The peer: the model the table is distilled from, run on the records themselves (a sample: it is slow).
        int sample = 400;
        try (SentenceEncoder model = new SentenceEncoder(1, 16)) {
            stage("embedding (all-MiniLM-L6-v2 itself, ONNX int8, batches of 16)", sample,
                    () -> model.encode(texts.subList(0, sample)));
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static void stage(String name, int records, Work work) throws Exception {
        work.run();
        long start = System.nanoTime();
        work.run();
        double micros = (System.nanoTime() - start) / 1e3 / records;
        System.out.printf(Locale.ROOT, "    %-20s %8.1f µs/record%n", name, micros);
    }

    static void lookup(String url, String user, String password, int[] sizes) throws Exception {
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            db.setAutoCommit(true);
            createSchema(db);
            Random random = new Random(7);
            int filled = 0;
            List<int[]> probes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                probes.add(MinHash.signature(record(random)));
            }
            System.out.println("lookup: candidates for one 100-record upload (1600 band keys + 100 exact hashes)");
            for (int size : sizes) {
                long fillStart = System.nanoTime();
                fill(db, random, filled, size);
                filled = size;
                try (Statement s = db.createStatement()) {
                    s.execute("ANALYZE record_fingerprint");
                    s.execute("ANALYZE lsh_band");
                }
                double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
                double[] times = new double[15];
                int candidates = 0;
                for (int round = 0; round < times.length; round++) {
                    long start = System.nanoTime();
                    candidates = candidates(db, probes);
                    times[round] = (System.nanoTime() - start) / 1e6;
                }
                double[] measured = Arrays.copyOfRange(times, 5, times.length);   // after 5 warm-up rounds
                Arrays.sort(measured);
                System.out.printf(Locale.ROOT, "  datanet of %,9d records: lookup median %.1f ms, p90 %.1f ms, %d candidates"
                                + "  (filled in %.0f s)%n", size, measured[measured.length / 2],
                        measured[(int) (measured.length * 0.9)], candidates, fillSeconds);
            }
            try (Statement s = db.createStatement(); ResultSet plan = s.executeQuery("EXPLAIN " + BAND_LOOKUP.replace("?", "ARRAY[0::bigint]"))) {
                System.out.println("  plan of the band lookup:");
                while (plan.next()) {
                    System.out.println("    " + plan.getString(1));
                }
            }
            try (Statement s = db.createStatement(); ResultSet plan = s.executeQuery("EXPLAIN " + FINGERPRINT_LOOKUP
                    .replaceFirst("\\?", "ARRAY['0']::text[]").replaceFirst("\\?", "ARRAY[0]::bigint[]"))) {
                System.out.println("  plan of the fingerprint lookup:");
                while (plan.next()) {
                    System.out.println("    " + plan.getString(1));
                }
            }
        }
    }

    /** The service's schema, from its own migrations (only the duplicate index tables: their statements, in order). */
    static void createSchema(Connection db) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS lsh_band, record_fingerprint CASCADE");
            s.execute("DROP SEQUENCE IF EXISTS lsh_band_seq, record_fingerprint_seq");
        }
        Path migrations = Path.of("src/main/resources/db/migration");
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.sorted().toList()) {
                // Comments out first: they may hold semicolons.
                String sql = Files.readString(file).replaceAll("(?m)--.*$", "");
                for (String statement : sql.split(";")) {
                    boolean indexTable = statement.contains("record_fingerprint") || statement.contains("lsh_band");
                    if (indexTable && !statement.contains("copy_evidence")) {
                        try (Statement s = db.createStatement()) {
                            s.execute(statement);
                        }
                    }
                }
            }
        }
    }

    /** Adds accepted records {@code from} .. {@code to} of datanet "bench" with COPY. */
    static void fill(Connection db, Random random, int from, int to) throws Exception {
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        int batch = 50_000;
        for (int start = from; start < to; start += batch) {
            int end = Math.min(to, start + batch);
            StringBuilder fingerprints = new StringBuilder();
            StringBuilder bands = new StringBuilder();
            for (int id = start; id < end; id++) {
                int[] signature = MinHash.signature(record(random));
                fingerprints.append(id).append("\tbench\tu").append(id / 50).append("\tc").append(id % 997).append('\t')
                        .append(id % 50).append('\t').append(Integer.toHexString(id)).append("\t\\\\x")
                        .append(java.util.HexFormat.of().formatHex(MinHash.toBytes(signature)))
                        .append("\tt\n");
                long[] keys = MinHash.bandKeys(signature);
                for (int b = 0; b < keys.length; b++) {
                    bands.append("bench\t").append(keys[b]).append('\t').append(id).append('\n');
                }
            }
            copy.copyIn("COPY record_fingerprint (id, datanet_id, upload_id, contributor_id, record_index, exact_hash, "
                    + "signature, active) FROM STDIN", new java.io.StringReader(fingerprints.toString()));
            copy.copyIn("COPY lsh_band (datanet_id, band_key, fingerprint_id) FROM STDIN",
                    new java.io.StringReader(bands.toString()));
        }
    }

    /** The service's band lookup (DuplicateIndex.candidates): the fingerprints that share one of the band keys. */
    static final String BAND_LOOKUP = "SELECT b.fingerprint_id FROM lsh_band b WHERE b.band_key = ANY(?) "
            + "AND b.datanet_id = 'bench'";
    /** Then the fingerprints that share an exact hash or were found in a bucket, in one statement, as the service. */
    static final String FINGERPRINT_LOOKUP = "SELECT id, upload_id, contributor_id, record_index, exact_hash, signature, "
            + "skeleton, embedding FROM record_fingerprint "
            + "WHERE active AND ((datanet_id = 'bench' AND exact_hash = ANY(?)) OR id = ANY(?))";

    static int candidates(Connection db, List<int[]> probes) throws Exception {
        List<Long> keys = new ArrayList<>();
        for (int[] signature : probes) {
            for (long key : MinHash.bandKeys(signature)) {
                keys.add(key);
            }
        }
        String[] hashes = new String[probes.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = Integer.toHexString(Arrays.hashCode(probes.get(i)));
        }
        List<Long> inBuckets = new ArrayList<>();
        try (PreparedStatement bands = db.prepareStatement(BAND_LOOKUP)) {
            bands.setArray(1, db.createArrayOf("bigint", keys.toArray()));
            try (ResultSet rs = bands.executeQuery()) {
                while (rs.next()) {
                    inBuckets.add(rs.getLong(1));
                }
            }
        }
        int found = 0;
        try (PreparedStatement fingerprints = db.prepareStatement(FINGERPRINT_LOOKUP)) {
            fingerprints.setArray(1, db.createArrayOf("text", hashes));
            fingerprints.setArray(2, db.createArrayOf("bigint", inBuckets.toArray()));
            try (ResultSet rs = fingerprints.executeQuery()) {
                while (rs.next()) {
                    found++;
                }
            }
        }
        return found;
    }
}

package io.datanet.demo.bench;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.datanet.events.DatanetJson;
import io.datanet.demo.Api;
import io.datanet.demo.Tokens;
import io.datanet.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * The pipeline load generator ({@code bench/pipeline/run.sh}): open-loop uploads at rising offered loads, each for
 * a fixed time and then drained, against the running platform; per upload the time to the 202, to its
 * {@code uploads.received} and {@code uploads.validated} events and to its contributor's reputation update. Stops
 * after the first load the pipeline does not keep up with. Writes {@code results.json} (for {@link BenchReport})
 * and {@code event-sizes.env} (for the broker ceiling run) into the output directory.
 */
public final class PipelineBench {

    private static final ObjectWriter JSON = DatanetJson.mapper().writerWithDefaultPrettyPrinter();

    private final Settings settings;
    private final String run;
    private final Api owner;
    private final ContributorPool contributors;
    private final DatanetRotation datanets;
    private final UploadFiles files;
    private final CpuMeter cpu;
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "upload-sender");
        t.setDaemon(true);
        return t;
    });
    private final List<String> trainingJobsCancelled = Collections.synchronizedList(new ArrayList<>());
    private final List<UploadTrace> allTraces = new ArrayList<>();
    private final StepResult.Clock clock = StepResult.Clock.now();

    private PipelineBench(Settings settings) throws Exception {
        this.settings = settings;
        this.run = "pb" + Long.toString(Instant.now().getEpochSecond(), 36);
        Tokens tokens = new Tokens(settings.key, settings.issuer, settings.keyId);
        this.owner = new Api(tokens.token(run + "-owner", "contributor"));
        this.contributors = new ContributorPool(tokens, run + "-c", 5);
        this.datanets = new DatanetRotation(owner, settings.uploadUrl, run, settings.recordsPerDatanet);
        this.files = new UploadFiles(System.nanoTime(), settings.spamShare);
        this.cpu = new CpuMeter(settings.pidDir, settings.ticksPerSecond);
    }

    public static void main(String[] args) throws Exception {
        new PipelineBench(Settings.parse(args)).run();
    }

    private void run() throws Exception {
        Files.createDirectories(settings.out);
        Instant started = Instant.now();
        String loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
        List<StepResult> results = new ArrayList<>();
        try (EventWatcher events = new EventWatcher(settings.bootstrap, datanets, contributors, this::cancelTrainingJob)) {
            events.start();
            log("run %s: watching the topics from their ends; offered loads %s uploads/s, %d s each",
                    run, settings.loads, settings.stepSeconds);
            // What the platform costs with no uploads at all (outbox relays polling, consumers, metrics).
            CpuMeter.Sample idleFrom = cpu.sample();
            Thread.sleep(settings.idleSeconds * 1000L);
            Map<String, Double> idle = CpuMeter.used(idleFrom, cpu.sample());
            if (settings.warmupSeconds > 0) {
                StepResult warmup = step(0, settings.warmupPerSecond, settings.warmupSeconds, events);
                log("warm-up: %s", line(warmup));
            }
            for (int i = 0; i < settings.loads.size(); i++) {
                StepResult result = step(i + 1, settings.loads.get(i), settings.stepSeconds, events);
                results.add(result);
                log("step %d: %s", i + 1, line(result));
                if (!result.keptUp()) {
                    break;
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("run", run);
            out.put("startedAt", started);
            out.put("endedAt", Instant.now());
            out.put("loadAverageAtStart", loadAtStart);
            out.put("loadAverageAtEnd", Files.readString(Path.of("/proc/loadavg")).trim());
            out.put("stepSeconds", settings.stepSeconds);
            out.put("idleSeconds", settings.idleSeconds);
            out.put("idleCpuSeconds", idle);
            out.put("partitions", Map.of("received", events.partitions(Topics.UPLOADS_RECEIVED),
                    "validated", events.partitions(Topics.UPLOADS_VALIDATED),
                    "reputation", events.partitions(Topics.REPUTATION_UPDATED)));
            out.put("meanEventBytes", Map.of("received", meanBytes(t -> size(events.received(t.uploadId))),
                    "validated", meanBytes(t -> size(events.validated(t.uploadId)))));
            out.put("datanets", datanets.count());
            out.put("contributors", contributors.size());
            out.put("trainingJobsCancelled", trainingJobsCancelled);
            out.put("steps", results);
            JSON.writeValue(settings.out.resolve("results.json").toFile(), out);
            Files.writeString(settings.out.resolve("event-sizes.env"), String.format(Locale.ROOT,
                    "RECEIVED_EVENT_BYTES=%d%nVALIDATED_EVENT_BYTES=%d%nRECEIVED_PARTITIONS=%d%n",
                    meanBytes(t -> size(events.received(t.uploadId))), meanBytes(t -> size(events.validated(t.uploadId))),
                    events.partitions(Topics.UPLOADS_RECEIVED)));
        }
        log("results in %s", settings.out.resolve("results.json"));
    }

    private StepResult step(int index, double perSecond, int seconds, EventWatcher events) throws Exception {
        List<UploadFiles.UploadFile> batch = files.next((int) Math.round(perSecond * seconds));
        List<String> targets = datanets.assign(batch);
        // Past saturation every upload of the step may still be in flight at its end: one contributor each.
        contributors.prepare(batch.size());
        Thread.sleep(1000);   // the new datanets' definitions reach validation and training before the load
        LoadStep step = new LoadStep(index, perSecond, batch, targets, contributors, senders, settings.uploadUrl, cpu);
        int trainingJobsBefore = activeTrainingJobs();
        step.run();
        int trainingJobs = Math.max(trainingJobsBefore, activeTrainingJobs());
        synchronized (allTraces) {
            allTraces.addAll(step.traces);
        }
        long deadline = System.nanoTime() + settings.drainSeconds * 1_000_000_000L;
        boolean drained = false;
        while (!drained && System.nanoTime() < deadline) {
            drained = step.traces.stream().filter(UploadTrace::accepted).allMatch(t -> t.reputationNanos >= 0);
            if (!drained) {
                Thread.sleep(200);
            }
        }
        long drainedAt = drained ? step.traces.stream().mapToLong(t -> t.reputationNanos).max().orElse(step.endNanos)
                : System.nanoTime();
        return StepResult.of(step, perSecond, events, clock, CpuMeter.used(step.cpuAtStart, step.cpuAtEnd),
                Math.max(drainedAt, step.endNanos), drained, datanets, contributors, trainingJobs);
    }

    /**
     * Training jobs queued or running on the platform (anyone's: the platform is shared), at most the newest 20;
     * one running job takes both cores, so a step measured while one ran says so.
     */
    private int activeTrainingJobs() {
        try {
            Api.Reply jobs = owner.get(settings.trainingUrl + "/api/jobs?size=20");
            int active = 0;
            for (var job : jobs.body().path("items")) {
                String status = job.path("status").asText();
                active += status.equals("QUEUED") || status.equals("RUNNING") ? 1 : 0;
            }
            return active;
        } catch (Exception e) {
            return -1;
        }
    }

    /** A training job queued for a benchmark datanet would take both cores: cancel it and report it. */
    private void cancelTrainingJob(String jobId) {
        trainingJobsCancelled.add(jobId);
        senders.execute(() -> {
            try {
                owner.postJson(settings.trainingUrl + "/api/jobs/" + jobId + "/cancel", Map.of());
            } catch (Exception e) {
                log("could not cancel training job %s: %s", jobId, e);
            }
        });
    }

    private int meanBytes(ToIntFunction<UploadTrace> size) {
        synchronized (allTraces) {
            return (int) Math.round(allTraces.stream().filter(UploadTrace::accepted).mapToInt(size)
                    .filter(b -> b > 0).average().orElse(0));
        }
    }

    private static int size(EventWatcher.Seen seen) {
        return seen == null ? 0 : seen.bytes();
    }

    private static String line(StepResult r) {
        return String.format(Locale.ROOT, "%.0f/s offered, %.1f/s accepted (%d not), %.2f MiB/s; p50/p99 ms: "
                        + "202 %.0f/%.0f, validated %.0f/%.0f, reputation %.0f/%.0f; second half /s: %s; %s",
                r.offeredPerSecond(), r.uploadsPerSecond(), r.posted() - r.accepted202(), r.mibPerSecond(),
                r.postTo202().p50(), r.postTo202().p99(), r.postToValidated().p50(), r.postToValidated().p99(),
                r.postToReputation().p50(), r.postToReputation().p99(), r.secondHalfPerSecond(),
                r.keptUp() ? "kept up" : "SATURATED: " + r.why());
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[pipeline-bench] " + format + "%n", args);
    }

    /** Command-line settings; the defaults are those of the full run. */
    static final class Settings {
        List<Double> loads = List.of(2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0, 40.0, 60.0, 80.0);
        int stepSeconds = 30;
        int idleSeconds = 10;
        int warmupSeconds = 10;
        double warmupPerSecond = 5;
        int drainSeconds = 120;
        double spamShare = 0.05;
        int recordsPerDatanet = 190;
        int ticksPerSecond = 100;
        Path out = Path.of(".datanet/bench/pipeline");
        Path key = Path.of(".datanet/jwt/private.pem");
        String issuer = "http://127.0.0.1:8180/realms/datanet";
        String keyId = "";
        Path pidDir = Path.of(".datanet/pids");
        String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        String uploadUrl = env("DATANET_UPLOAD_URL", "http://127.0.0.1:8081");
        String trainingUrl = env("DATANET_TRAINING_URL", "http://127.0.0.1:8084");

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--loads" -> s.loads = java.util.Arrays.stream(v.split(",")).map(Double::valueOf).toList();
                    case "--step-seconds" -> s.stepSeconds = Integer.parseInt(v);
                    case "--idle-seconds" -> s.idleSeconds = Integer.parseInt(v);
                    case "--warmup-seconds" -> s.warmupSeconds = Integer.parseInt(v);
                    case "--drain-seconds" -> s.drainSeconds = Integer.parseInt(v);
                    case "--spam-share" -> s.spamShare = Double.parseDouble(v);
                    case "--records-per-datanet" -> s.recordsPerDatanet = Integer.parseInt(v);
                    case "--clk-tck" -> s.ticksPerSecond = Integer.parseInt(v);
                    case "--out" -> s.out = Path.of(v);
                    case "--key" -> s.key = Path.of(v);
                    case "--issuer" -> s.issuer = v;
                    case "--key-id" -> s.keyId = v;
                    case "--pids" -> s.pidDir = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return s;
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}

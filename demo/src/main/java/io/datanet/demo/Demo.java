package io.datanet.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The Datanet story, told through the running platform's public APIs ({@code ./datanet demo}): contributors upload
 * to a datanet, validation judges each file with reasons, reputation ranks quality over quantity, an automatic
 * LoRA job trains on what was accepted, and attribution says whose data helped. Leaves everything running.
 */
public final class Demo {

    private static final String UPLOADS = env("DATANET_UPLOAD_URL", "http://127.0.0.1:8081");
    private static final String VALIDATION = env("DATANET_VALIDATION_URL", "http://127.0.0.1:8082");
    private static final String REPUTATION = env("DATANET_REPUTATION_URL", "http://127.0.0.1:8083");
    private static final String TRAINING = env("DATANET_TRAINING_URL", "http://127.0.0.1:8084");

    private final Tokens tokens;
    private final Map<String, Api> personas = new LinkedHashMap<>();

    private Demo(Tokens tokens) {
        this.tokens = tokens;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: Demo PRIVATE_KEY_PEM ISSUER KEY_ID (./datanet demo passes them)");
        }
        new Demo(new Tokens(Path.of(args[0]), args[1], args[2])).run();
    }

    private Api as(String name, String role) throws Exception {
        Api api = personas.get(name);
        if (api == null) {
            api = new Api(tokens.token(name, role));
            personas.put(name, api);
        }
        return api;
    }

    /** One upload the demo made: who, which file, and its id. */
    private static final int FARMED_FILES = 12;

    private record Sent(String contributor, String fileName, String uploadId) {
    }

    private void run() throws Exception {
        String run = Long.toString(Instant.now().getEpochSecond(), 36);
        Random random = new Random(2026);
        title("1. A datanet");
        Api olivia = as("olivia-" + run, "contributor");
        Api.Reply datanet = olivia.postJson(UPLOADS + "/api/datanets", Map.of("name", "Home cooking " + run,
                "description", "Step-by-step cooking instructions in plain English", "tags", List.of("cooking"),
                "fileTypes", List.of("jsonl", "txt"), "reviewMode", "auto"));
        require(datanet, "create the datanet");
        String datanetId = datanet.body().get("id").asText();
        say("olivia created datanet %s (%s): uploads are judged automatically", datanetId,
                datanet.body().get("name").asText());
        Thread.sleep(1500);   // the definition travels to validation and training as an event

        title("2. Contributors upload");
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        List<String> aliceFirst = Corpus.recipes(random, 45);
        Map<String, List<String[]>> plan = new LinkedHashMap<>();
        // Off-topic text first, so it is in the datanet before the careful cooks' uploads make it due for training.
        List<String> otto = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            otto.add(Corpus.offTopic(random));
        }
        plan.put("otto-" + run, List.<String[]>of(new String[] {"sports-and-markets.jsonl", Corpus.jsonl(otto)}));

        plan.put(alice, List.of(new String[] {"soups.jsonl", Corpus.jsonl(aliceFirst)},
                new String[] {"stews.jsonl", Corpus.jsonl(Corpus.recipes(random, 45))},
                new String[] {"bakes.jsonl", Corpus.jsonl(Corpus.recipes(random, 45))}));
        plan.put(bob, List.of(new String[] {"weeknight.jsonl", Corpus.jsonl(Corpus.recipes(random, 45))},
                new String[] {"sunday.jsonl", Corpus.jsonl(Corpus.recipes(random, 45))}));
        List<String> copies = new ArrayList<>();
        for (int i = 0; i < aliceFirst.size(); i++) {
            copies.add(Corpus.copy(aliceFirst.get(i), i));
        }
        plan.put("dan-" + run, List.<String[]>of(new String[] {"my-soups.jsonl", Corpus.jsonl(copies)}));
        // A copier who rewords: alice's soups with synonyms swapped in, sentence by sentence.
        plan.put("pat-" + run, List.<String[]>of(new String[] {"soups-my-way.jsonl",
                Corpus.jsonl(aliceFirst.stream().map(Corpus::reworded).toList())}));
        List<String> leaky = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            leaky.add(Corpus.leaky(random, i));
        }
        plan.put("pia-" + run, List.<String[]>of(new String[] {"family-recipes.jsonl", Corpus.jsonl(leaky)}));
        List<String> spam = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            spam.add(Corpus.spam(random));
        }
        plan.put("sam-" + run, List.<String[]>of(new String[] {"deals.txt", String.join("\n", spam)}));
        List<Sent> sent = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> persona : plan.entrySet()) {
            if (persona.getKey().startsWith("dan-") || persona.getKey().startsWith("pat-")) {
                // A farmer copies what is already accepted. Uploads are judged side by side, so without this wait
                // the copy could be judged first and alice's original rejected as the copy of it.
                awaitVerdict(sent.stream().filter(s -> s.fileName().equals("soups.jsonl")).findFirst().orElseThrow());
            }
            Api api = as(persona.getKey(), "contributor");
            for (String[] file : persona.getValue()) {
                Api.Reply reply = api.upload(UPLOADS + "/api/datanets/" + datanetId + "/uploads", file[0], file[1]);
                require(reply, "upload " + file[0]);
                sent.add(new Sent(persona.getKey(), file[0], reply.body().get("id").asText()));
                say("%-12s uploaded %-26s %6d bytes → %s", short_(persona.getKey()), file[0], file[1].length(),
                        reply.body().get("status").asText());
            }
            if (persona.getKey().startsWith("otto-")) {
                awaitVerdict(sent.get(sent.size() - 1));   // judged before the cooks' uploads make the datanet due
            }
        }
        // A farmer splits a template over many files, one line each: before evidence was what uploads said, each
        // accepted file counted as much as a careful cook's, and twelve of them outranked two files of recipes.
        String fay = "fay-" + run;
        Api fayApi = as(fay, "contributor");
        List<Sent> farmed = new ArrayList<>();
        for (int n = 1; n <= FARMED_FILES; n++) {
            Api.Reply reply = fayApi.upload(UPLOADS + "/api/datanets/" + datanetId + "/uploads", "tip-" + n + ".jsonl",
                    Corpus.jsonl(List.of(Corpus.templated(n))));
            require(reply, "upload tip-" + n + ".jsonl");
            farmed.add(new Sent(fay, "tip-" + n + ".jsonl", reply.body().get("id").asText()));
            awaitVerdict(farmed.get(farmed.size() - 1));   // at most 5 uploads may wait for validation
        }
        say("%-12s uploaded %d one-line files tip-1.jsonl ... tip-%d.jsonl, one template with a counter changed",
                short_(fay), FARMED_FILES, FARMED_FILES);
        String dan = "dan-" + run;
        Api.Reply again = as(dan, "contributor").upload(UPLOADS + "/api/datanets/" + datanetId + "/uploads",
                "my-soups.jsonl", Corpus.jsonl(copies));
        say("%-12s uploaded my-soups.jsonl again → %d %s", short_(dan), again.status(),
                again.body() == null ? "" : again.body().path("title").asText());

        title("3. Verdicts, with reasons");
        for (Sent s : sent) {
            JsonNode upload = awaitVerdict(s);
            String status = upload.get("status").asText();
            JsonNode report = as("val-" + run, "validator").get(VALIDATION + "/api/reports/" + s.uploadId()).body();
            StringBuilder reasons = new StringBuilder();
            if (report != null && report.has("reasonCounts")) {
                report.get("reasonCounts").fields().forEachRemaining(e -> reasons.append(reasons.length() == 0 ? "" : ", ")
                        .append(e.getKey()).append(" ×").append(e.getValue().asInt()));
            }
            say("%-12s %-26s %-9s quality %.2f  %d/%d records kept  %s", short_(s.contributor()), s.fileName(), status,
                    report == null ? 0 : report.path("qualityScore").asDouble(),
                    report == null ? 0 : report.path("recordsAccepted").asInt(),
                    report == null ? 0 : report.path("recordsTotal").asInt(), reasons);
        }

        Map<String, Integer> farmedVerdicts = new java.util.TreeMap<>();
        for (Sent s : farmed) {
            farmedVerdicts.merge(awaitVerdict(s).get("status").asText(), 1, Integer::sum);
        }
        say("%-12s %d one-line files             %s  (each passes every check, and none is a near copy of another)",
                short_(fay), FARMED_FILES, farmedVerdicts);

        title("4. The leaderboard: quality over quantity");
        Thread.sleep(2000);   // verdicts reach reputation as events
        JsonNode board = as("olivia-" + run, "contributor").get(REPUTATION + "/api/leaderboard?datanet=" + datanetId)
                .body();
        say("%4s  %-12s %6s  %-10s %8s %8s %10s", "rank", "contributor", "score", "tier", "accepted", "rejected",
                "new info");
        for (JsonNode row : board.get("items")) {
            say("%4d  %-12s %6.3f  %-10s %8d %8d %8d B", row.get("rank").asInt(), short_(row.get("contributorId").asText()),
                    row.get("score").asDouble(), row.get("tier").asText(), row.get("accepted").asInt(),
                    row.get("rejected").asInt(), row.path("informationAccepted").asLong());
        }
        say("scores count what accepted uploads said that was new (\"new info\": bytes it adds compressed after the");
        say("contributor's earlier text), not how many files they came in: fay's %d accepted files say less than one of",
                FARMED_FILES);
        say("alice's, so they rank below her (reputation-service/README.md)");

        title("5. Training: an automatic LoRA job on the accepted data");
        Api ops = as("ops-" + run, "operator");
        String jobId = awaitJob(ops, datanetId);
        if (jobId == null) {
            say("no automatic job yet (the datanet has fewer new records than the trigger wants): olivia starts one");
            Api.Reply created = olivia.postJson(TRAINING + "/api/jobs", Map.of("datanetId", datanetId, "method", "LORA",
                    "rank", 8, "alpha", 16, "epochs", 1, "batchSize", 8, "learningRate", 0.002));
            require(created, "create a job");
            jobId = created.body().get("id").asText();
        }
        JsonNode job = followJob(ops, jobId);
        if (!job.get("status").asText().equals("SUCCEEDED")) {
            say("the job ended %s: %s", job.get("status").asText(), job.path("message").asText());
            return;
        }
        JsonNode metrics = job.get("metrics");
        say("validation loss   %.4f → %.4f   (perplexity %.2f → %.2f) with a %s adapter of %,d parameters",
                metrics.get("baseLoss").asDouble(), metrics.get("adaptedLoss").asDouble(),
                metrics.get("basePerplexity").asDouble(), metrics.get("adaptedPerplexity").asDouble(),
                job.get("method").asText(), metrics.get("trainableParameters").asLong());

        title("6. Attribution: whose data helped");
        JsonNode attribution = ops.get(TRAINING + "/api/jobs/" + jobId + "/attribution").body();
        say("method %s over the job's checkpoints; shares sum to 1", attribution.get("method").asText());
        List<JsonNode> contributors = new ArrayList<>();
        attribution.get("contributors").forEach(contributors::add);
        contributors.sort((a, b) -> Double.compare(b.get("share").asDouble(), a.get("share").asDouble()));
        for (JsonNode c : contributors) {
            double share = c.get("share").asDouble();
            say("%-12s %6.1f%%  %s  influence %+.4f", short_(c.get("contributorId").asText()), share * 100,
                    "█".repeat((int) Math.round(share * 40)), c.get("influence").asDouble());
        }
        title("Done");
        say("Everything keeps running. Try: the leaderboard %s/api/leaderboard, the job %s/api/jobs/%s,",
                REPUTATION, TRAINING, jobId);
        say("its adapter %s/api/jobs/%s/adapter/adapter_config.json (tokens: ./datanet token --sub you --role operator)",
                TRAINING, jobId);
        say("Or in the browser: http://127.0.0.1:8080/#/jobs/%s (sign in as olivia-%s, the datanet's owner, to review",
                jobId, run);
        say("and train, or as alice-%s to see her uploads and score)", run);
    }

    private JsonNode awaitVerdict(Sent s) throws Exception {
        Api api = as(s.contributor(), "contributor");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonNode upload = api.get(UPLOADS + "/api/uploads/" + s.uploadId()).body();
            if (!upload.get("status").asText().equals("RECEIVED") || Instant.now().isAfter(deadline)) {
                return upload;
            }
            Thread.sleep(300);
        }
    }

    private String awaitJob(Api ops, String datanetId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode jobs = ops.get(TRAINING + "/api/jobs?datanet=" + datanetId).body();
            if (jobs.get("total").asInt() > 0) {
                JsonNode job = jobs.get("items").get(0);
                say("job %s queued automatically (%s, rank %d, %s)", job.get("id").asText(), job.get("method").asText(),
                        job.get("hyperparameters").get("rank").asInt(), job.get("trigger").asText().toLowerCase());
                return job.get("id").asText();
            }
            Thread.sleep(500);
        }
        return null;
    }

    /** Prints the job's progress as it trains (loss going down), until it ends. */
    private JsonNode followJob(Api ops, String jobId) throws Exception {
        int lastStep = -1;
        while (true) {
            JsonNode job = ops.get(TRAINING + "/api/jobs/" + jobId).body();
            String status = job.get("status").asText();
            JsonNode p = job.get("progress");
            int step = p.get("step").asInt();
            if (status.equals("RUNNING") && step != lastStep && p.get("totalSteps").asInt() > 0) {
                lastStep = step;
                int total = p.get("totalSteps").asInt();
                int filled = (int) Math.round(30.0 * step / total);
                say("step %4d/%-4d [%s%s] loss %.4f  %6.0f tokens/s  ETA %ds", step, total, "█".repeat(filled),
                        "·".repeat(30 - filled), p.path("loss").asDouble(), p.path("tokensPerSecond").asDouble(),
                        p.path("etaSeconds").asLong());
            } else if (status.equals("QUEUED") && lastStep == -1) {
                lastStep = -2;
                say("queued; waiting for a worker");
            }
            if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED")) {
                say("job %s %s after %d steps", jobId, status, p.get("step").asInt());
                return job;
            }
            Thread.sleep(1000);
        }
    }

    private static void require(Api.Reply reply, String what) {
        if (!reply.ok()) {
            throw new IllegalStateException("could not " + what + ": HTTP " + reply.status() + " " + reply.body());
        }
    }

    private static String short_(String persona) {
        return persona.substring(0, persona.lastIndexOf('-'));
    }

    private static void title(String text) {
        System.out.println();
        System.out.println("\u001b[1m" + text + "\u001b[0m");
    }

    private static void say(String format, Object... args) {
        System.out.println("  " + String.format(Locale.ROOT, format, args));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package io.datanet.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.EventCatalog;
import io.datanet.events.EventDefinition;
import io.datanet.events.KafkaAccess;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestKeys;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console end to end, as its users meet it: the four services and the console as real processes on the
 * shared broker and database, driven in headless Debian Chromium through ChromeDriver (no browser download). An
 * owner creates a datanet; two contributors upload files and watch them accepted, a third sees hers rejected with
 * each record's reasons; the owner starts a LoRA job from the form, watches its loss curve grow from the live
 * stream, and reads the attribution chart; on an owner-reviewed datanet she reads a pending upload's records, the
 * dropped one marked with its reason, and approves it, then changes that datanet's thresholds and archives it.
 * Every page is photographed into target/screenshots for reviewers.
 */
class ConsoleBrowserIT {

    private static final Duration PIPELINE = Duration.ofSeconds(120);

    private static IsolatedEnvironment environment;
    private static final Map<Service, ServiceProcess> services = new HashMap<>();
    private static ServiceProcess console;
    private static Browser chromium;
    private static WebDriver browser;

    @BeforeAll
    static void startPlatformAndBrowser() throws Exception {
        environment = IsolatedEnvironment.create();
        services.putAll(ServiceLauncher.startAll(environment, (service, launch) -> {
            if (service == Service.TRAINING) {
                launch.config().put("datanet.training.auto.enabled", "false"); // the owner starts the job from the form
                launch.config().put("datanet.worker.heartbeat", "PT0.5S");     // a loss point twice a second
                launch.jvmOptions().add("-Xmx1g");                              // model, gradients, attribution
            }
        }));
        console = ServiceProcess.start("console", Path.of("..", "console", "target", "quarkus-app", "quarkus-run.jar"),
                consoleConfig(), List.of());
        chromium = Browser.start("");
        browser = chromium.driver();
    }

    private static Map<String, String> consoleConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", IsolatedEnvironment.KAFKA);
        config.putAll(environment.kafkaSignIn(KafkaAccess.CONSOLE));
        config.put("datanet.kafka.topic-prefix", environment.prefix());
        config.put("mp.jwt.verify.publickey.location", TestKeys.publicKeyPath().toUri().toString());
        config.put("datanet.console.dev-tokens.enabled", "true");
        config.put("datanet.console.dev-tokens.private-key-location",
                TestKeys.publicKeyPath().resolveSibling("private.pem").toString());
        config.put("datanet.console.services.upload", services.get(Service.UPLOAD).url());
        config.put("datanet.console.services.validation", services.get(Service.VALIDATION).url());
        config.put("datanet.console.services.reputation", services.get(Service.REPUTATION).url());
        config.put("datanet.console.services.training", services.get(Service.TRAINING).url());
        return config;
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (console != null) {
            console.close();
        }
        services.values().forEach(ServiceProcess::close);
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void uploadsVerdictsTrainingAndAttributionInTheBrowser() throws Exception {
        String datanetName = "Kitchen notes " + UUID.randomUUID().toString().substring(0, 6);
        Random random = new Random(11);

        // Signing in: the app sends a visitor to the sign-in page first, and back to the page she asked for after
        // (carried in the sign-in page's address: the app keeps nothing in the browser's storage).
        browser.get(console.url() + "/#/leaderboard");
        awaitPage("signin");
        assertTrue(browser.getCurrentUrl().contains("next=%2Fleaderboard"), browser.getCurrentUrl());
        shot("01-signin");
        type("dev-name", "walter");
        click("dev-signin");
        awaitPage("leaderboard");
        assertEquals(0L, ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return localStorage.length + sessionStorage.length"), "nothing in the browser's storage");

        signIn("olivia", "contributor");
        String datanetId = createDatanet(datanetName, "auto");
        shot("02-datanets");

        // Two careful contributors: their files are accepted, live.
        for (String contributor : List.of("alice", "bob")) {
            signIn(contributor, "contributor");
            String uploadId = upload(datanetId, "recipes-" + contributor + ".jsonl", goodFile(random, contributor));
            awaitStatus(uploadId, "ACCEPTED");
            shot("03-upload-accepted-" + contributor);
        }
        // The quota line is re-drawn when a verdict or a tier arrives: read it as it is once drawn.
        assertFalse(await(() -> element("quota-used").getText()).isBlank(), "quota usage is shown");

        // A careless one: rejected, with every record's reasons.
        signIn("pia", "contributor");
        String rejected = upload(datanetId, "contacts.jsonl", personalDataFile(random));
        awaitStatus(rejected, "REJECTED");
        List<WebElement> reasons = await(() -> {
            List<WebElement> found = uploadRow(rejected).findElements(testId("upload-reason"));
            return found.isEmpty() ? null : found;
        });
        assertTrue(reasons.stream().anyMatch(reason -> reason.getText().contains("pii.")),
                "the reasons name the personal data found: " + reasons.stream().map(WebElement::getText).toList());
        shot("04-upload-rejected");

        // The datanet's page and the leaderboard.
        browser.get(console.url() + "/#/datanets/" + datanetId);
        awaitPage("datanet");
        shot("05-datanet");
        click("nav-leaderboard");
        awaitPage("leaderboard");
        await(() -> rowContaining("leaderboard-row", "alice"));
        shot("06-leaderboard");
        rowContaining("leaderboard-row", "alice").findElement(By.tagName("a")).click();
        awaitPage("contributor");
        await(() -> element("contributor-score").getText().isBlank() ? null : true);
        shot("07-contributor");

        // The owner fine-tunes: the form refuses a bad rank, then runs a LoRA job with its loss drawn live.
        signIn("olivia", "contributor");
        click("nav-training");
        awaitPage("training");
        // The base model comes from training-service's catalog, with what it needs and its family's modules.
        await(() -> element("job-base-model-needs").getText().contains("QLoRA") ? true : null);
        assertEquals("sotu-byte-4x192", new Select(element("job-base-model")).getFirstSelectedOption().getAttribute("value"));
        assertTrue(element("job-target-c_attn").isSelected(), "GPT-2's modules offered, all chosen");
        new Select(element("job-datanet")).selectByValue(datanetId);
        new Select(element("job-method")).selectByValue("LORA");
        type("job-rank", "0");
        click("job-submit");
        WebElement rankError = await(() -> visibleFieldError("rank"));
        assertFalse(rankError.getText().isBlank());
        shot("08-training-form-invalid");
        type("job-rank", "4");
        type("job-epochs", "4");
        type("job-batch-size", "4");
        click("job-submit");
        WebElement job = await(() -> browser.findElements(testId("job-row")).stream().findFirst().orElse(null));
        String jobId = job.getAttribute("data-job-id");
        browser.get(console.url() + "/#/jobs/" + jobId);
        awaitPage("job");

        int firstPoints = await(() -> {
            int points = lossPoints();
            return points >= 1 ? points : null;
        });
        shot("09-job-running");
        int laterPoints = await(() -> {
            int points = lossPoints();
            return points > firstPoints ? points : null;
        });
        assertTrue(laterPoints > firstPoints, "the loss curve grows while the job runs");
        await(() -> element("job-status").getText().contains("SUCCEEDED") ? true : null, Duration.ofSeconds(300));

        // Attribution: a bar and a row per contributor whose data trained the adapter; the adapter downloads.
        List<WebElement> bars = await(() -> {
            List<WebElement> found = browser.findElements(testId("attribution-bar"));
            return found.size() >= 2 ? found : null;
        });
        List<String> barContributors = bars.stream().map(bar -> bar.getAttribute("data-contributor")).sorted().toList();
        assertEquals(List.of("alice", "bob"), barContributors);
        assertEquals(2, browser.findElements(testId("attribution-row")).size());
        List<WebElement> downloads = await(() -> {
            List<WebElement> found = browser.findElements(testId("adapter-download"));
            return found.isEmpty() ? null : found;
        });
        assertTrue(downloads.stream().anyMatch(link -> "adapter_model.safetensors".equals(link.getAttribute("data-file"))),
                "the adapter's weights can be downloaded");
        assertFalse(element("eval-after").getText().isBlank());
        shot("10-job-succeeded");

        // The playground: the base model and the adapted one continue the same prompt side by side, streamed. At
        // temperature 0 a shorter run gives the start of the longer one (greedy decoding is the same path).
        type("playground-prompt", "Stir the onions");
        type("playground-max-tokens", "12");
        type("playground-temperature", "0");
        click("playground-generate");
        String firstNote = await(() -> {
            String base = element("playground-base-note").getText(), adapted = element("playground-adapted-note").getText();
            return base.contains("tokens") && adapted.contains("tokens") ? adapted : null;
        }, Duration.ofSeconds(60));
        String adaptedText = element("playground-adapted").getText();
        assertFalse(adaptedText.isBlank(), "the adapted model wrote something: " + firstNote);
        // The notes are cleared first: when the model ends its text within six tokens both runs end with the same
        // note, so "a note other than the first" would never come.
        type("playground-max-tokens", "6");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.querySelectorAll('[data-testid^=\"playground-\"][data-testid$=\"-note\"]').forEach(n => n.textContent = '')");
        click("playground-generate");
        await(() -> {
            String base = element("playground-base-note").getText(), adapted = element("playground-adapted-note").getText();
            return base.contains("tokens") && adapted.contains("tokens") ? true : null;
        }, Duration.ofSeconds(60));
        String shorter = element("playground-adapted").getText();
        assertTrue(!shorter.isBlank() && adaptedText.startsWith(shorter), "'" + shorter + "' starts '" + adaptedText + "'");
        shot("10b-job-playground");

        // A validator's review page lists the recent verdicts, the rejected one among them.
        signIn("vera", "validator");
        click("nav-reviews");
        awaitPage("reviews");
        // Her queue first; the decided uploads are folded away until she opens them.
        assertEquals(null, element("recent-decided").getAttribute("open"), "decided uploads start folded");
        element("recent-decided").findElement(By.tagName("summary")).click();
        await(() -> browser.findElements(testId("verdict-row")).size() >= 3 ? true : null);
        assertTrue(browser.findElements(testId("verdict-row")).stream().anyMatch(r -> r.getText().contains("REJECTED")),
                "the rejected upload is among the verdicts a validator may override");
        shot("11-reviews");

        // An owner-reviewed datanet: a file that passes with one record leaking personal data waits for the owner,
        // who reads its records, the dropped one marked with its reason, narrows them to the dropped ones and
        // approves the upload with its data in view.
        signIn("olivia", "contributor");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String reviewedId = createDatanet("Reviewed kitchen notes " + tag, "owner");
        // Found among the datanets by a word of its name; the search is kept in the address.
        type("datanet-search", tag);
        await(() -> {
            List<WebElement> rows = browser.findElements(testId("datanet-row"));
            return rows.size() == 1 && reviewedId.equals(rows.get(0).getAttribute("data-id")) ? true : null;
        });
        assertTrue(browser.getCurrentUrl().contains("q=" + tag), browser.getCurrentUrl());
        signIn("carl", "contributor");
        String pending = upload(reviewedId, "mixed.jsonl", personalDataRecord(random) + goodFile(random, "carl"));
        awaitStatus(pending, "PENDING_REVIEW");
        signIn("olivia", "contributor");
        click("nav-reviews");
        awaitPage("reviews");
        WebElement review = await(() -> reviewRow(pending));
        review.findElement(testId("records-open")).click();
        List<WebElement> shown = await(() -> {
            List<WebElement> found = reviewRow(pending).findElements(testId("record"));
            return found.size() >= 2 ? found : null;
        });
        WebElement dropped = shown.get(0);
        assertEquals("false", dropped.getAttribute("data-passed"), "the file's first record leaks personal data");
        assertTrue(dropped.getAttribute("class").contains("failed"), "a dropped record is marked");
        assertTrue(dropped.findElements(testId("record-reason")).stream()
                        .anyMatch(reason -> reason.getAttribute("data-reason").startsWith("pii.")),
                "its reasons say what was found");
        assertTrue(dropped.getText().contains("e-mail address"), "in words: " + dropped.getText());
        assertTrue(shown.stream().skip(1).allMatch(r -> "true".equals(r.getAttribute("data-passed"))));
        shot("12-review-records");
        new Select(reviewRow(pending).findElement(testId("records-filter"))).selectByValue("failed");
        await(() -> {
            List<WebElement> found = reviewRow(pending).findElements(testId("record"));
            return found.size() == 1 && "false".equals(found.get(0).getAttribute("data-passed")) ? true : null;
        });
        reviewRow(pending).findElement(testId("review-approve")).click();
        await(() -> {
            WebElement row = reviewRow(pending);
            return "verdict-row".equals(row.getAttribute("data-testid"))
                    && row.findElement(testId("review-status")).getText().contains("ACCEPTED") ? true : null;
        }, PIPELINE);
        shot("13-review-approved");

        // She changes the datanet's thresholds and review mode: a new version, shown on its page; then archives it,
        // and it is no longer offered for uploads.
        // Within the app (as a link does), so the router moves the focus to the new page's heading.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("location.hash = arguments[0]",
                "#/datanets/" + reviewedId);
        awaitPage("datanet");
        element("datanet-edit");   // drawn once the definition is read, with the page's header again
        assertEquals("H1", ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.activeElement.tagName"), "the focus stays on the page's heading");
        // She exports its accepted data: the approved upload's records, as a dataset card and JSONL shards that
        // download through the console (whole, or the rest of one from a byte on, as a resumed download asks).
        WebElement export = await(() -> {
            List<WebElement> made = browser.findElements(testId("export"));
            if (made.isEmpty() && element("export-create").isEnabled()) {
                click("export-create");   // again while training-service has yet to see the approval (409)
            }
            return made.isEmpty() ? null : made.get(0);
        }, PIPELINE);
        // Read at once, as text: live events may paint the export card again between two looks at its elements.
        String records = await(() -> browser.findElements(testId("export")).get(0).getAttribute("data-records"));
        assertTrue(Integer.parseInt(records) >= 1, "the approved upload's records");
        List<String[]> files = await(() -> browser.findElements(testId("export")).get(0)
                .findElements(testId("export-file")).stream()
                .map(f -> new String[] {f.getAttribute("data-path"), f.getAttribute("href")}).toList());
        assertEquals("README.md", files.get(0)[0]);
        assertTrue(files.stream().skip(1).allMatch(f -> f[0].matches("text/train-\\d{5}-of-\\d{5}\\.jsonl")),
                "record shards in the layout datasets loads");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Object card = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.text()).then(done, e => done(String(e)))", files.get(0)[1]);
        assertTrue(String.valueOf(card).startsWith("---\nlicense: unknown\n"), String.valueOf(card));
        Object rest = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {headers: {Range: 'bytes=2-'}}).then(async r => done(r.status + ' '"
                + " + r.headers.get('content-range') + ' ' + (await r.text()).slice(0, 8)), e => done(String(e)))",
                files.get(1)[1]);
        assertTrue(String.valueOf(rest).matches("206 bytes 2-\\d+/\\d+ text\":\".*"), String.valueOf(rest));
        shot("14-datanet-exported");

        element("datanet-edit").findElement(By.tagName("summary")).click();
        type("datanet-threshold", "0.6");
        new Select(element("datanet-review-mode")).selectByValue("auto");
        new Select(element("datanet-license")).selectByValue("cc-by-4.0");
        click("datanet-save");
        await(() -> element("datanet-detail").getText().contains("60% of records must pass")
                && element("datanet-detail").getText().contains("version 2") ? true : null);
        assertTrue(element("datanet-detail").getText().contains("Automatic: the validation verdict stands"));
        assertTrue(element("datanet-detail").getText().contains("cc-by-4.0"), "the licence it is offered under");
        shot("15-datanet-edited");
        click("datanet-archive");
        click("datanet-archive-confirm");
        await(() -> element("datanet-status").getText().contains("ARCHIVED") ? true : null);
        shot("16-datanet-archived");
        click("nav-upload");
        awaitPage("upload");
        await(() -> new Select(element("upload-datanet")).getOptions().stream()
                .anyMatch(o -> datanetId.equals(o.getAttribute("value"))) ? true : null);
        assertTrue(new Select(element("upload-datanet")).getOptions().stream()
                .noneMatch(o -> reviewedId.equals(o.getAttribute("value"))), "an archived datanet takes no uploads");
        // Carl withdraws his approved upload: it is WITHDRAWN on his page, and his standing changes back (the
        // acceptance no longer counts, with a line in his history saying why).
        signIn("carl", "contributor");
        browser.get(console.url() + "/#/contributors/carl");
        awaitPage("contributor");
        await(() -> "1".equals(element("contributor-accepted").getText()) ? true : null, PIPELINE);
        click("nav-upload");
        awaitPage("upload");
        WebElement mine = await(() -> browser.findElements(By.cssSelector("[data-testid='upload-row'][data-upload-id='"
                + pending + "']")).stream().findFirst().orElse(null));
        mine.findElement(testId("upload-withdraw")).click();
        mine.findElement(testId("upload-withdraw-confirm")).click();
        await(() -> mine.findElement(testId("upload-status")).getText().contains("WITHDRAWN") ? true : null);
        assertTrue(mine.findElement(testId("upload-withdrawn")).getText().contains("left the datanet"));
        shot("17-upload-withdrawn");
        browser.get(console.url() + "/#/contributors/carl");
        awaitPage("contributor");
        await(() -> "0".equals(element("contributor-accepted").getText()) ? true : null, PIPELINE);
        assertTrue(browser.findElements(testId("history-row")).stream()
                .anyMatch(row -> "WITHDRAWN".equals(row.getAttribute("data-kind"))), "the history says why");
        shot("18-standing-after-withdrawal");
        // Olivia's export held carl's records: it now says so instead of offering its files.
        signIn("olivia", "contributor");
        browser.get(console.url() + "/#/datanets/" + reviewedId);
        awaitPage("datanet");
        WebElement withdrawnExport = await(() -> browser.findElements(testId("export")).stream()
                .filter(e -> e.getAttribute("data-withdrawn") != null).findFirst().orElse(null), PIPELINE);
        assertTrue(withdrawnExport.findElements(testId("export-file")).isEmpty(), "its files are no longer offered");
        assertTrue(withdrawnExport.findElement(testId("export-withdrawn")).getText().contains("withdrawn"));

        // After uploads, verdicts, a review, a training job and a withdrawal: every metric the operators' alerts and
        // dashboard name is one the services expose.
        Map<String, String> urls = new HashMap<>();
        services.forEach((service, process) -> urls.put(service.name(), process.url()));
        urls.put("console", console.url());
        assertTrue(OperatorMetrics.named().size() >= 10, "the manifests name metrics: " + OperatorMetrics.named());
        assertEquals(Map.of(), OperatorMetrics.missing(urls), "metrics the alerts and dashboard name");

        // Every kind of event the story made (datanets defined, uploads received, reviewed, validated and withdrawn,
        // reputation, a training job, its status, attribution, an export) keeps to asyncapi.yaml on the wire.
        for (EventDefinition<?> event : EventCatalog.ALL) {
            TopicContents<?> published = TopicContents.read(environment.topic(event.topic()), event.dataClass());
            assertTrue(published.records() > 0, event.topic() + " has events to hold to the document");
        }

        // Uploads chose datanets and pages were visited: still nothing kept in the browser.
        assertEquals(0L, ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return localStorage.length + sessionStorage.length"));
    }

    private String createDatanet(String name, String reviewMode) {
        click("nav-datanets");
        awaitPage("datanets");
        type("datanet-name", name);
        type("datanet-description", "Short cooking notes for a kitchen assistant.");
        WebElement jsonl = element("datanet-type-jsonl");
        if (!jsonl.isSelected()) {
            jsonl.click();
        }
        new Select(element("datanet-review-mode")).selectByValue(reviewMode);
        click("datanet-create");
        return await(() -> rowContaining("datanet-row", name)).getAttribute("data-id");
    }

    /** The row of one upload on the reviews page, a review row while it waits and a verdict row once decided. */
    private WebElement reviewRow(String uploadId) {
        return browser.findElement(By.cssSelector(".review[data-upload-id='" + uploadId + "']"));
    }

    // ---- the user's actions ----

    private void signIn(String name, String role) {
        if (!browser.findElements(testId("signout")).isEmpty()) {
            click("signout");
        }
        browser.get(console.url() + "/#/signin");
        awaitPage("signin");
        type("dev-name", name);
        new Select(element("dev-role")).selectByValue(role);
        click("dev-signin");
        await(() -> browser.findElements(testId("whoami")).stream()
                .filter(who -> who.getText().contains(name)).findFirst().orElse(null));
    }

    private String upload(String datanetId, String fileName, String content) throws IOException {
        click("nav-upload");
        awaitPage("upload");
        new Select(element("upload-datanet")).selectByValue(datanetId);
        Path file = Files.createTempDirectory("datanet-upload").resolve(fileName);
        Files.writeString(file, content);
        List<String> before = browser.findElements(testId("upload-row")).stream()
                .map(row -> row.getAttribute("data-upload-id")).toList();
        element("upload-file").sendKeys(file.toString());
        return await(() -> browser.findElements(testId("upload-row")).stream()
                .map(row -> row.getAttribute("data-upload-id"))
                .filter(id -> id != null && !before.contains(id)).findFirst().orElse(null));
    }

    private void awaitStatus(String uploadId, String status) {
        await(() -> uploadRow(uploadId).findElement(testId("upload-status")).getText().contains(status) ? true : null,
                PIPELINE);
    }

    private WebElement uploadRow(String uploadId) {
        return browser.findElement(By.cssSelector("[data-testid='upload-row'][data-upload-id='" + uploadId + "']"));
    }

    private int lossPoints() {
        List<WebElement> lines = browser.findElements(testId("loss-line"));
        if (lines.isEmpty()) {
            return 0;
        }
        String points = lines.get(0).getAttribute("data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    private WebElement visibleFieldError(String field) {
        return browser.findElements(By.cssSelector("[data-testid='field-error'][data-field='" + field + "']")).stream()
                .filter(WebElement::isDisplayed).filter(e -> !e.getText().isBlank()).findFirst().orElse(null);
    }

    private WebElement rowContaining(String rowTestId, String text) {
        return browser.findElements(testId(rowTestId)).stream()
                .filter(row -> row.getText().contains(text)).findFirst().orElse(null);
    }

    private void awaitPage(String page) {
        chromium.awaitPage(page);
    }

    private WebElement element(String id) {
        return chromium.element(id);
    }

    private void click(String id) {
        chromium.click(id);
    }

    private void type(String id, String text) {
        chromium.type(id, text);
    }

    private static By testId(String id) {
        return Browser.testId(id);
    }

    private <T> T await(java.util.function.Supplier<T> condition) {
        return chromium.await(condition);
    }

    private <T> T await(java.util.function.Supplier<T> condition, Duration timeout) {
        return chromium.await(condition, timeout);
    }

    private void shot(String name) {
        chromium.shot(name);
    }

    // ---- the files ----

    /** Thirty records of fresh cooking prose (the fault test's generator, ten files' worth). */
    private static String goodFile(Random random, String contributor) {
        StringBuilder file = new StringBuilder();
        for (int part = 0; part < 10; part++) {
            file.append(DatasetFiles.good(random, contributor + "-" + part));
        }
        return file.toString();
    }

    private static String personalDataFile(Random random) {
        return DatasetFiles.personalData(random, "pia");
    }

    /** One record that leaks an e-mail address and a phone number. */
    private static String personalDataRecord(Random random) {
        return DatasetFiles.personalData(random, "carl").lines().findFirst().orElseThrow() + "\n";
    }
}

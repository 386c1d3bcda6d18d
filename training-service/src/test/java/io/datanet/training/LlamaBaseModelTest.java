package io.datanet.training;

import io.datanet.events.DatanetJson;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.events.AttributionComputed;
import io.datanet.events.ContributorInfluence;
import io.datanet.events.EventJson;
import io.datanet.events.Topics;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.testkit.Checkout;
import io.datanet.testkit.ReferencePython;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A Llama-architecture base model as an operator adds one (issue 19): a Hugging Face folder, written by transformers
 * and tokenizers, copied into the model directory. The catalog lists it beside the built-in model with what it
 * needs, leaves out folders it cannot train on, and refuses GPT-2 target modules for it; an owner's QLoRA job on it
 * runs end to end: snapshot, training, attribution (the in-domain contributor above the garbage one) and an adapter
 * in PEFT's layout under Llama's module names; the playground then continues a prompt with and without the adapter.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class LlamaBaseModelTest {

    static final Path MODELS = Path.of("target/base-models");
    static final Path SCRIPT = Checkout.root().resolve("trainer/src/test/python/hf_reference.py");

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @Test
    void anOperatorsLlamaFolderIsOfferedAndTrainedOn() throws Exception {
        Path folder = MODELS.resolve("tiny-llama");
        Random random = new Random(5);
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 200; i++) corpus.add(TrainingData.recipe(random));
        if (Files.exists(MODELS)) {   // a run before this one's folders
            try (var old = Files.walk(MODELS)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        Files.createDirectories(MODELS);
        Path corpusFile = Files.createTempFile("corpus-", ".json");
        DatanetJson.mapper().writeValue(corpusFile.toFile(), corpus);
        JsonNode tokenizer = DatanetJson.mapper().readTree(ReferencePython.run(SCRIPT, "hf-tokenizer", "--style", "llama3",
                "--vocab-size", "400", "--train", corpusFile.toString(), "--lines", corpusFile.toString(), "--save",
                folder.toString(), "--out", Files.createTempFile("ids-", ".json").toString()));
        // The folder's chat template: ChatML, as SmolLM2 and Qwen ship it (the tokenizer has its <|im_start|> tokens).
        com.fasterxml.jackson.databind.node.ObjectNode tokenizerConfig = (com.fasterxml.jackson.databind.node.ObjectNode)
                DatanetJson.mapper().readTree(folder.resolve("tokenizer_config.json").toFile());
        tokenizerConfig.put("chat_template", Files.readString(
                Checkout.root().resolve("trainer/src/test/resources/chat-templates/smollm2.jinja")));
        DatanetJson.mapper().writeValue(folder.resolve("tokenizer_config.json").toFile(), tokenizerConfig);
        JsonNode made = DatanetJson.mapper().readTree(ReferencePython.run(SCRIPT, "init-llama", "--out", folder.toString(),
                "--seed", "3", "--config", "{\"model_type\": \"llama\", \"vocab_size\": "
                        + tokenizer.get("vocab_size").asInt() + ", \"hidden_size\": 64, \"intermediate_size\": 128, "
                        + "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, "
                        + "\"max_position_embeddings\": 128, \"tie_word_embeddings\": true}"));
        // Folders the trainer cannot use: another family, and a Llama without a tokenizer.
        Path t5 = Files.createDirectories(MODELS.resolve("some-t5"));
        Files.writeString(t5.resolve("config.json"), "{\"model_type\": \"t5\"}");
        Files.writeString(t5.resolve("model.safetensors"), "");
        Path untokenized = Files.createDirectories(MODELS.resolve("no-tokenizer"));
        Files.copy(folder.resolve("config.json"), untokenized.resolve("config.json"));
        Files.copy(folder.resolve("model.safetensors"), untokenized.resolve("model.safetensors"));

        String viewer = TestTokens.contributor("viewer");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(viewer)
                .get("/api/base-models").then().statusCode(200).body("items.id", hasItem("tiny-llama")));
        JsonPath listing = given().auth().oauth2(viewer).get("/api/base-models").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("sotu-byte-4x192", "tiny-llama"), listing.getList("items.id"), "unusable folders left out");
        assertEquals(true, listing.getBoolean("items[0].isDefault"));
        assertEquals(false, listing.getBoolean("items[0].chatTemplate"), "the built-in model has no chat template");
        assertEquals("built-in", listing.getString("items[0].source"));
        // The unit job costs are measured in: the built-in model's parameters.
        assertEquals(1_853_760L, listing.getLong("items[0].parameters"));
        assertEquals(1.0, listing.getDouble("items[0].computeScale"), 1e-12);
        JsonPath llama = given().auth().oauth2(viewer).get("/api/base-models/tiny-llama").then().statusCode(200)
                .body("family", equalTo("llama")).body("source", equalTo("directory")).body("contextLength", equalTo(128))
                .body("projections", equalTo(14)).body("defaultTargetModules", equalTo(List.of("q_proj", "v_proj")))
                .body("chatTemplate", equalTo(true))
                .extract().jsonPath();
        assertEquals(made.get("parameters").asLong(), llama.getLong("parameters"), "transformers' parameter count");
        assertTrue(llama.getLong("qloraMemoryBytes") < llama.getLong("loraMemoryBytes"));
        given().auth().oauth2(viewer).get("/api/base-models/no-tokenizer").then().statusCode(404)
                .contentType("application/problem+json");

        String owner = "owner-" + java.util.UUID.randomUUID();
        String datanet = TrainingData.datanet(topics::physical, owner);
        List<String> alice = new ArrayList<>(), mallory = new ArrayList<>();
        // 19 records: one short of the automatic trigger's 20 in tests, so this job is the only one. Mallory's are
        // off-topic (hex dumps): on a base that knows nothing yet, shuffled recipe letters would teach the same letter
        // frequencies as recipes, and attribution could not tell them apart.
        for (int i = 0; i < 15; i++) alice.add(TrainingData.recipe(random));
        for (int i = 0; i < 4; i++) mallory.add(String.format("0x%08x 0x%08x 0x%08x", random.nextInt(), random.nextInt(), random.nextInt()));
        TrainingData.acceptedUpload(topics::physical, blobs, datanet, "alice", alice.subList(0, 10));
        // Five of Alice's records are conversations, as validation-service keeps them: trained in the chat template.
        List<String> conversations = new ArrayList<>();
        for (int i = 10; i < 15; i++) {
            conversations.add("{\"record\":" + (i - 9) + ",\"prompt\":\"What should I cook?\",\"completion\":\""
                    + alice.get(i) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"What should I cook?\"},"
                    + "{\"role\":\"assistant\",\"content\":\"" + alice.get(i) + "\"}]}");
        }
        TrainingData.acceptedCleanedFile(topics::physical, blobs, datanet, "alice", conversations);
        TrainingData.acceptedUpload(topics::physical, blobs, datanet, "mallory", mallory);

        String token = TestTokens.contributor(owner);
        String gpt2Targets = "{\"datanetId\":\"" + datanet + "\",\"baseModel\":\"tiny-llama\",\"targetModules\":[\"c_attn\"]}";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(gpt2Targets).post("/api/jobs").then()
                .statusCode(422).body("field", equalTo("targetModules"))
                .body("detail", org.hamcrest.Matchers.containsString("q_proj"));
        String body = "{\"datanetId\":\"" + datanet + "\",\"baseModel\":\"tiny-llama\",\"method\":\"QLORA\",\"rank\":8,"
                + "\"alpha\":16,\"targetModules\":[\"q_proj\",\"k_proj\",\"v_proj\",\"o_proj\",\"gate_proj\",\"up_proj\","
                + "\"down_proj\"],\"learningRate\":0.02,\"epochs\":12,\"batchSize\":4,\"seed\":3}";
        String[] jobId = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/jobs");
            jobId[0] = response.statusCode() == 202 ? response.path("id") : null;
            return jobId[0] != null;
        });
        String admin = TestTokens.operator("ops");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String status = given().auth().oauth2(admin).get("/api/jobs/{id}", jobId[0]).then().extract().path("status");
            assertTrue(!status.equals("FAILED") && !status.equals("CANCELLED"), "job ended " + status + ": "
                    + given().auth().oauth2(admin).get("/api/jobs/{id}", jobId[0]).asString());
            return status.equals("SUCCEEDED");
        });
        JsonPath job = given().auth().oauth2(admin).get("/api/jobs/{id}", jobId[0]).then().statusCode(200)
                .body("baseModel", equalTo("tiny-llama")).extract().jsonPath();
        assertTrue(job.getDouble("metrics.adaptedLoss") < job.getDouble("metrics.quantizedBaseLoss"),
                "validation loss " + job.getDouble("metrics.quantizedBaseLoss") + " -> " + job.getDouble("metrics.adaptedLoss"));
        assertEquals((double) llama.getLong("qloraMemoryBytes"), job.getDouble("metrics.baseWeightBytes"), "QLoRA's base as listed");
        assertEquals(5.0, job.getDouble("metrics.conversations"));
        assertEquals(5.0, job.getDouble("metrics.conversationsInChatTemplate"), "every conversation in the model's template");

        String topic = topics.physical(Topics.ATTRIBUTION_COMPUTED);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents.readAll(topic).stream()
                .anyMatch(r -> jobId[0].equals(r.key())));
        Map<String, ContributorInfluence> shares = TestEvents.readAll(topic).stream()
                .filter(r -> jobId[0].equals(r.key())).map(r -> EventJson.read(r.value(), AttributionComputed.class))
                .findFirst().orElseThrow().contributors().stream()
                .collect(Collectors.toMap(ContributorInfluence::contributorId, c -> c));
        assertTrue(shares.get("alice").share() > shares.get("mallory").share(), shares.toString());

        JsonNode peft = DatanetJson.mapper().readTree(given().auth().oauth2(admin)
                .get("/api/jobs/{id}/adapter/adapter_config.json", jobId[0]).then().statusCode(200).extract().asByteArray());
        assertEquals("tiny-llama", peft.get("base_model_name_or_path").asText());
        assertEquals(false, peft.get("fan_in_fan_out").asBoolean());
        byte[] weights = given().auth().oauth2(admin).get("/api/jobs/{id}/adapter/adapter_model.safetensors", jobId[0])
                .then().statusCode(200).extract().asByteArray();
        long headerLength = ByteBuffer.wrap(weights, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = DatanetJson.mapper().readTree(new String(weights, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertEquals(List.of(8, 64), DatanetJson.mapper().convertValue(
                header.get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").get("shape"), List.class));
        assertEquals(2 * 2 * 7 + 1, header.size(), "A and B of 7 projections in 2 layers, and the metadata");
        given().auth().oauth2(viewer).get("/api/base-models").then().body("items.id", not(hasItem("some-t5")));

        // The playground: the adapted model and the base continue a prompt, streamed; greedy answers repeat.
        String prompt = "{\"prompt\":\"Stir the onions\",\"maxTokens\":12,\"temperature\":0";
        List<JsonNode> adapted = events(token, jobId[0], prompt + "}");
        List<JsonNode> base = events(token, jobId[0], prompt + ",\"adapter\":false}");
        JsonNode done = adapted.get(adapted.size() - 1);
        assertTrue(done.path("done").asBoolean(), "the last event says it is done: " + adapted);
        assertTrue(done.get("tokens").asInt() >= 1 && done.get("tokens").asInt() <= 12, done.toString());
        assertTrue(List.of("END_OF_TEXT", "MAX_TOKENS").contains(done.get("stop").asText()));
        assertEquals(text(adapted), text(events(token, jobId[0], prompt + "}")), "greedy decoding repeats");
        assertTrue(!text(adapted).equals(text(base)), "the adapter changes the continuation: " + text(base));
        // As a chat: the prompt is a user's turn in the template, the model writes the assistant's reply.
        List<JsonNode> chat = events(token, jobId[0], "{\"prompt\":\"What should I cook?\",\"chat\":true,\"maxTokens\":8,\"temperature\":0}");
        assertTrue(chat.get(chat.size() - 1).path("done").asBoolean(), chat.toString());
        String rendered = "<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\\n"
                + "<|im_start|>user\\nWhat should I cook?<|im_end|>\\n<|im_start|>assistant\\n";
        assertEquals(text(chat), text(events(token, jobId[0], "{\"prompt\":\"" + rendered + "\",\"maxTokens\":8,\"temperature\":0}")),
                "chat is the prompt in the model's template, with the assistant's turn opened");
        // Refusals come before the stream, as problems.
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"prompt\":\"x\",\"maxTokens\":1000}")
                .post("/api/jobs/{id}/generate", jobId[0]).then().statusCode(422).body("field", equalTo("maxTokens"));
        given().auth().oauth2(TestTokens.contributor("stranger")).contentType(ContentType.JSON).body(prompt + "}")
                .post("/api/jobs/{id}/generate", jobId[0]).then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(prompt + "}")
                .post("/api/jobs/{id}/generate", "job-nowhere").then().statusCode(404);
    }

    /** The server-sent events of a generation, each event's data as JSON. */
    private static List<JsonNode> events(String token, String jobId, String body) throws Exception {
        String stream = given().auth().oauth2(token).contentType(ContentType.JSON).accept("text/event-stream")
                .body(body).post("/api/jobs/{id}/generate", jobId).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString();
        List<JsonNode> events = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data:")) events.add(DatanetJson.mapper().readTree(line.substring(5).trim()));
        }
        return events;
    }

    private static String text(List<JsonNode> events) {
        return events.stream().filter(e -> e.hasNonNull("text")).map(e -> e.get("text").asText())
                .collect(Collectors.joining());
    }
}

package io.datanet.trainer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.testkit.ReferencePython;
import io.datanet.trainer.tokenizer.ChatTemplate;
import io.datanet.trainer.tokenizer.ChatTemplate.Message;
import io.datanet.trainer.tokenizer.ChatTemplate.UnsupportedTemplateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models' chat templates (SmolLM2, Llama 3, Zephyr/TinyLlama, Mistral, Qwen2.5, as they ship them) render in Java
 * exactly as transformers' {@code apply_chat_template} renders them, from the files transformers' save_pretrained
 * writes: conversations of real sentences in every shape a dataset holds (with or without a system turn, several
 * turns, ending on the user with the generation prompt) and hard contents (surrounding whitespace that Llama 3
 * trims, empty turns, quotes, Jinja markup as data, non-Latin text). Where transformers' template refuses a
 * conversation (Mistral's alternating roles), Java refuses it too. A template Java cannot render (Qwen3's Python
 * string methods and slices) is refused by name when the folder is read, never rendered differently.
 */
class ChatTemplateInteropTest {

    static final List<String> SUPPORTED = List.of("smollm2", "llama3", "zephyr", "mistral", "qwen2.5");

    @TempDir
    Path dir;

    @Test
    void rendersAsTransformersDoes() throws IOException {
        List<List<Message>> conversations = conversations();
        ObjectMapper json = new ObjectMapper();
        List<Map<String, String>> specs = new ArrayList<>();
        for (String name : SUPPORTED) specs.add(spec(name));
        specs.add(spec("qwen3"));
        Path templates = dir.resolve("templates.json"), given = dir.resolve("conversations.json"), out = dir.resolve("out.json");
        json.writeValue(templates.toFile(), specs);
        json.writeValue(given.toFile(), conversations);
        ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "chat-template", "--templates", templates.toString(),
                "--conversations", given.toString(), "--save", dir.resolve("saved").toString(), "--out", out.toString());
        JsonNode reference = json.readTree(out.toFile());

        int compared = 0, refused = 0;
        for (String name : SUPPORTED) {
            ChatTemplate template = ChatTemplate.forModel(dir.resolve("saved").resolve(name)).orElseThrow(
                    () -> new AssertionError(name + ": no chat template found in what transformers saved"));
            for (int i = 0; i < conversations.size(); i++) {
                List<Message> conversation = conversations.get(i);
                boolean generation = conversation.get(conversation.size() - 1).role().equals("user");
                JsonNode expected = reference.get(name).get(i);
                if (expected.has("error")) {
                    assertThrows(UnsupportedTemplateException.class, () -> template.render(conversation, generation),
                            name + " conversation " + i + ": transformers refused it (" + expected.get("error").asText() + ")");
                    refused++;
                } else {
                    try {
                        assertEquals(expected.get("text").asText(), template.render(conversation, generation),
                                name + " conversation " + i + " " + conversation);
                    } catch (UnsupportedTemplateException e) {
                        fail(name + " conversation " + i + ": transformers renders it, Java refused: " + e.getMessage());
                    }
                    compared++;
                }
            }
        }
        System.out.printf("chat templates: %d renderings equal to transformers', %d refusals shared%n", compared, refused);
        assertTrue(refused > 0, "Mistral's template refuses system turns and non-alternating roles");
        assertTrue(compared > 200, "only " + compared + " renderings compared");

        assertTrue(reference.get("qwen3").get(0).has("text"), "transformers renders Qwen3's template");
        UnsupportedTemplateException qwen3 = assertThrows(UnsupportedTemplateException.class,
                () -> ChatTemplate.forModel(dir.resolve("saved").resolve("qwen3")));
        assertTrue(qwen3.getMessage().contains("cannot be rendered here"), qwen3.getMessage());
    }

    private Map<String, String> spec(String name) {
        boolean llama = name.equals("llama3");
        boolean chatMl = name.startsWith("qwen") || name.equals("smollm2");
        return Map.of("name", name, "file", Path.of("src/test/resources/chat-templates", name + ".jinja").toString(),
                "bos", llama ? "<|begin_of_text|>" : chatMl ? "<|endoftext|>" : "<s>",
                "eos", llama ? "<|eot_id|>" : chatMl ? "<|im_end|>" : "</s>");
    }

    /** Conversations of real sentences in the shapes datasets hold, then the hard contents. */
    static List<List<Message>> conversations() throws IOException {
        List<String> real = Gpt2BpeInteropTest.realText();
        List<List<Message>> out = new ArrayList<>();
        int next = 0;
        for (int shape = 0; shape < 60; shape++) {
            List<Message> c = new ArrayList<>();
            if (shape % 3 == 0) c.add(new Message("system", real.get(next++ % real.size())));
            int turns = 1 + shape % 3;
            for (int t = 0; t < turns; t++) {
                c.add(new Message("user", real.get(next++ % real.size())));
                c.add(new Message("assistant", real.get(next++ % real.size())));
            }
            if (shape % 4 == 1) c.add(new Message("user", real.get(next++ % real.size())));
            out.add(c);
        }
        List<String> hard = List.of("  padded both sides \n", "\n\nleading newlines", "", "quotes ' \" and \\ backslash",
                "{{ 7 * 7 }} and {% if true %}markup{% endif %} are data", "<|im_end|> inside a turn",
                "Ελληνικά, 中文, emoji 🎉, combining é", "line one\nline two\n\nline four", "\t tab \t");
        for (String h : hard) {
            out.add(List.of(new Message("user", h), new Message("assistant", h)));
            out.add(List.of(new Message("system", h), new Message("user", "Why?"), new Message("assistant", h)));
        }
        out.add(List.of(new Message("assistant", "An assistant opens."), new Message("user", "Then the user.")));
        out.add(List.of(new Message("user", "Two"), new Message("user", "users in a row"), new Message("assistant", "ok")));
        return out;
    }
}

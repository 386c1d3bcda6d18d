package io.datanet.trainer.tokenizer;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's chat template: the Jinja text that turns a conversation into the one string the model was tuned on
 * ({@code <|im_start|>user\n…<|im_end|>} for SmolLM and Qwen, {@code <|start_header_id|>…} for Llama 3), read from
 * the folder as transformers reads it ({@code chat_template.jinja}, else tokenizer_config.json's {@code chat_template},
 * the one named {@code default} when it holds several) and rendered as {@code apply_chat_template(tokenize=False)}
 * renders it: blocks trimmed and left-stripped, the tokenizer's special tokens ({@code bos_token}, {@code eos_token}, …)
 * as variables, {@code raise_exception} to refuse a conversation. Its text goes to the tokenizer as it is, special
 * tokens included and none added, as transformers' tokenising path does.
 *
 * <p>Jinjava is not Python: a template that calls Python string methods ({@code .startswith}, {@code .split}),
 * slices ({@code messages[::-1]}) or needs {@code tools} does not render. {@link #forModel} finds that out at once,
 * on a plain two-turn conversation, and says so ({@link UnsupportedTemplateException}) rather than train on text the
 * model would never see.
 */
public final class ChatTemplate {

    /** One turn of a conversation: {@code system}, {@code user} or {@code assistant}, and what was said. */
    public record Message(String role, String content) {
    }

    /** The template cannot be rendered here, or refuses a conversation ({@code raise_exception}). */
    public static final class UnsupportedTemplateException extends IOException {
        public UnsupportedTemplateException(String message) {
            super(message);
        }
    }

    private static final List<String> SPECIAL_TOKENS = List.of("bos_token", "eos_token", "unk_token", "pad_token",
            "sep_token", "cls_token", "mask_token");
    /** What a template must render for a model to count as chat-capable here. */
    private static final List<Message> PROBE = List.of(new Message("user", "Hello?"), new Message("assistant", "Hi."));
    private static final Jinjava JINJA = jinja();

    private final String source;
    private final Map<String, Object> specialTokens;

    ChatTemplate(String source, Map<String, String> specialTokens) {
        this.source = source;
        this.specialTokens = Map.copyOf(specialTokens);
    }

    /**
     * The chat template of a model folder, if it has one; {@link UnsupportedTemplateException} when it has one this
     * renderer cannot render.
     */
    public static Optional<ChatTemplate> forModel(Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        JsonNode tokenizerConfig = Files.isRegularFile(config) ? Json.MAPPER.readTree(config.toFile()) : Json.MAPPER.createObjectNode();
        Path jinja = dir.resolve("chat_template.jinja");
        String source = Files.isRegularFile(jinja) ? Files.readString(jinja) : templateIn(tokenizerConfig.path("chat_template"));
        if (source == null || source.isBlank()) return Optional.empty();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String name : SPECIAL_TOKENS) {
            JsonNode token = tokenizerConfig.path(name);
            String content = token.isObject() ? token.path("content").asText(null) : token.isTextual() ? token.asText() : null;
            if (content != null) tokens.put(name, content);
        }
        ChatTemplate template = new ChatTemplate(source, tokens);
        try {
            template.render(PROBE, false);
        } catch (UnsupportedTemplateException e) {
            throw new UnsupportedTemplateException("the model's chat template cannot be rendered here: " + e.getMessage());
        }
        return Optional.of(template);
    }

    /**
     * The conversation as the model reads it; with {@code addGenerationPrompt}, followed by the opening of the
     * assistant's turn, for generating a reply.
     */
    public String render(List<Message> messages, boolean addGenerationPrompt) throws UnsupportedTemplateException {
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (Message m : messages) turns.add(Map.of("role", m.role(), "content", m.content()));
        Map<String, Object> context = new HashMap<>(specialTokens);
        context.put("messages", turns);
        context.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result;
        try {
            result = JINJA.renderForResult(source, context);
        } catch (RuntimeException e) {
            throw new UnsupportedTemplateException(refusal(e));
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new UnsupportedTemplateException(error.getException() != null ? refusal(error.getException())
                        : error.getMessage());
            }
        }
        return result.getOutput();
    }

    /** Called by templates as {@code raise_exception('…')}: the conversation is not one the model takes. */
    public static String raiseException(String message) {
        throw new TemplateRefusal(message);
    }

    private static final class TemplateRefusal extends RuntimeException {
        TemplateRefusal(String message) {
            super(message);
        }
    }

    private static String refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TemplateRefusal) return "the template refuses the conversation: " + t.getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    private static String templateIn(JsonNode chatTemplate) {
        if (chatTemplate.isTextual()) return chatTemplate.asText();
        for (JsonNode named : chatTemplate) {
            if ("default".equals(named.path("name").asText())) return named.path("template").asText(null);
        }
        return null;
    }

    private static Jinjava jinja() {
        // transformers' environment: trim_blocks and lstrip_blocks; the overrides make Jinjava's whitespace control
        // ({%- … -%}, {{- … -}}), operator precedence and nulls in loops behave as Jinja2's. Nested interpretation
        // off: Jinjava would otherwise evaluate "{{ … }}" found in a value, and a conversation's text is a
        // contributor's data, never template code.
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withNestedInterpretationEnabled(false)
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withFailOnUnknownTokens(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withAllowAdjacentTextNodes(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withKeepNullableLoopValues(true)
                        .withEvaluateMapKeys(true)
                        .build())
                .build();
        Jinjava jinja = new Jinjava(config);
        jinja.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class,
                "raiseException", String.class));
        return jinja;
    }
}

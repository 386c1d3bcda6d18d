package io.datanet.training.api;

import io.datanet.platform.api.TextInput;
import io.datanet.platform.problem.ProblemException;
import io.datanet.trainer.generate.Generation;

/**
 * {@code POST /api/jobs/{id}/generate}: a prompt and how to continue it, with the job's adapter or the bare base
 * model ({@code adapter: false}), for comparing the two. With {@code chat: true} the prompt is a user's turn in the
 * base model's chat template, and the model writes the assistant's reply (as it was tuned on conversations). Left
 * out: 64 tokens, temperature 0.8, top-p 0.95, seed 0, adapter on, chat off.
 */
public record GenerateRequest(String prompt, Integer maxTokens, Double temperature, Double topP, Long seed,
                              Boolean adapter, Boolean chat) {

    static final int MAX_PROMPT_CHARS = 2000;
    static final int MAX_TOKENS = 256;

    /** The settings, or 422 naming the first field out of range. */
    Generation.Settings settings() {
        if (prompt == null) throw invalid("prompt", "is required");
        if (prompt.length() > MAX_PROMPT_CHARS) throw invalid("prompt", "must be at most " + MAX_PROMPT_CHARS + " characters");
        if (TextInput.whyNotText(prompt) != null) throw invalid("prompt", TextInput.whyNotText(prompt));
        int tokens = maxTokens == null ? 64 : maxTokens;
        if (tokens < 1 || tokens > MAX_TOKENS) throw invalid("maxTokens", "must be between 1 and " + MAX_TOKENS);
        double t = temperature == null ? 0.8 : temperature;
        if (!(t >= 0 && t <= 2)) throw invalid("temperature", "must be in [0, 2] (0: greedy)");
        double p = topP == null ? 0.95 : topP;
        if (!(p > 0 && p <= 1)) throw invalid("topP", "must be in (0, 1]");
        return new Generation.Settings(tokens, t, p, seed == null ? 0 : seed);
    }

    boolean withAdapter() {
        return adapter == null || adapter;
    }

    boolean asChat() {
        return chat != null && chat;
    }

    static ProblemException invalid(String field, String why) {
        return ProblemException.unprocessable(field + " " + why).with("field", field);
    }
}

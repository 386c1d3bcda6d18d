package io.datanet.trainer.generate;

import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Text from a model: the prompt as training sees a document ([end-of-text] + its tokens), then one token at a time,
 * greedy at temperature 0 (as transformers' {@code generate(do_sample=False)}, GenerationInteropTest), else sampled
 * from the softmax of logits / temperature cut to its top-p nucleus with a seeded generator, until the end-of-text
 * token or {@code maxTokens}. A model with a {@link CausalLM.Decoder} (GPT-2 and Llama have one) runs one token per
 * step over its cached keys and values; when its context is full it starts again from the last half of it. A model
 * without one runs over the last {@code maxPositions} tokens for every new token.
 */
public final class Generation {

    /**
     * @param maxTokens   new tokens at most
     * @param temperature 0 for greedy decoding; above, the softmax's temperature
     * @param topP        the nucleus: the smallest set of most likely tokens whose probabilities reach it (1 = all)
     */
    public record Settings(int maxTokens, double temperature, double topP, long seed) {
        public Settings {
            if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be at least 1");
            if (!(temperature >= 0) || !Double.isFinite(temperature)) throw new IllegalArgumentException("temperature must be ≥ 0");
            if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1]");
        }
    }

    /** Why generation stopped. */
    public enum Stop { END_OF_TEXT, MAX_TOKENS }

    /** @param tokens the new tokens, the end-of-text one left out */
    public record Result(String text, int[] tokens, Stop stop) {
    }

    private Generation() {
    }

    /**
     * Generates after {@code prompt}; {@code onText} gets each piece of new text as soon as it decodes to whole
     * characters (a token may end inside a multi-byte character).
     */
    public static Result generate(CausalLM model, Tokenizer tokenizer, String prompt, Settings settings,
                                  Consumer<String> onText) {
        int[] promptIds = tokenizer.encode(prompt);
        int[] context = new int[promptIds.length + 1];
        context[0] = tokenizer.eosId();
        System.arraycopy(promptIds, 0, context, 1, promptIds.length);
        List<Integer> generated = new ArrayList<>();
        int[] emitted = {0};
        int[] out = generateIds(model, context, tokenizer.eosId(), settings, id -> {
            generated.add(id);
            String sofar = tokenizer.decode(generated.stream().mapToInt(Integer::intValue).toArray());
            // a token ending inside a multi-byte character decodes to U+FFFD until the rest of it comes
            if (onText != null && !sofar.endsWith("\uFFFD") && sofar.length() > emitted[0]) {
                onText.accept(sofar.substring(emitted[0]));
                emitted[0] = sofar.length();
            }
        });
        String text = tokenizer.decode(out);
        Stop stop = out.length < settings.maxTokens() ? Stop.END_OF_TEXT : Stop.MAX_TOKENS;
        if (onText != null && text.length() > emitted[0]) onText.accept(text.substring(emitted[0]));
        return new Result(text, out, stop);
    }

    /** New token ids after {@code context} (not counting the end-of-text that stops it); {@code onToken} sees each. */
    public static int[] generateIds(CausalLM model, int[] context, int eos, Settings settings, Consumer<Integer> onToken) {
        Rng rng = new Rng(Rng.key(settings.seed(), 0x6e6aL));
        int window = model.maxPositions();
        int[] sequence = Arrays.copyOf(context, context.length + settings.maxTokens());
        int length = context.length, produced = 0;
        int vocab = model.vocabSize();
        CausalLM.Decoder decoder = model.decoder();
        float[] last = null;
        if (decoder != null) {
            for (int i = Math.max(0, length - decoder.capacity()); i < length; i++) last = decoder.next(sequence[i]);
        }
        while (produced < settings.maxTokens()) {
            int next;
            if (decoder == null) {
                int start = Math.max(0, length - window), T = length - start;
                float[] logits = model.logits(Arrays.copyOfRange(sequence, start, length), 1, T);
                next = pick(logits, (T - 1) * vocab, vocab, settings, rng);
            } else {
                next = pick(last, 0, vocab, settings, rng);
            }
            if (next == eos) break;
            sequence[length++] = next;
            produced++;
            if (onToken != null) onToken.accept(next);
            if (decoder != null && produced < settings.maxTokens()) {
                if (decoder.length() == decoder.capacity()) {
                    // a full context starts again from its last half: the kept tokens' positions restart at 0
                    decoder = model.decoder();
                    for (int i = length - decoder.capacity() / 2; i < length; i++) last = decoder.next(sequence[i]);
                } else {
                    last = decoder.next(next);
                }
            }
        }
        return Arrays.copyOfRange(sequence, context.length, length);
    }

    /** The next token from the logits at {@code offset}: argmax at temperature 0, else a draw from the nucleus. */
    static int pick(float[] logits, int offset, int vocab, Settings s, Rng rng) {
        if (s.temperature() == 0) {
            int best = 0;
            for (int i = 1; i < vocab; i++) if (logits[offset + i] > logits[offset + best]) best = i;
            return best;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
        double[] p = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) sum += p[i] = Math.exp((logits[offset + i] - max) / s.temperature());
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) order[i] = i;
        final double total = sum;
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        // the nucleus: most likely first, until their mass reaches top-p (at least one token)
        int kept = 0;
        double mass = 0;
        while (kept < vocab && (kept == 0 || mass < s.topP() * total)) mass += p[order[kept++]];
        double u = rng.nextDouble() * mass;
        for (int i = 0; i < kept; i++) {
            u -= p[order[i]];
            if (u <= 0) return order[i];
        }
        return order[kept - 1];
    }
}

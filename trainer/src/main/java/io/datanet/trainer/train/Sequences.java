package io.datanet.trainer.train;

import io.datanet.trainer.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Examples as token windows: each text becomes [eos] + tokens + [eos], cut into windows of at most seqLen + 1
 * tokens that overlap by one (so every token is predicted exactly once). Each window remembers its example.
 */
public final class Sequences {
    /** tokens.length ≤ seqLen + 1; inputs are tokens[0..n-2], targets tokens[1..n-1]. */
    public record Window(int example, int[] tokens) {
        public int targetCount() {
            return tokens.length - 1;
        }
    }

    private Sequences() {
    }

    public static List<Window> of(List<Example> examples, Tokenizer tok, int seqLen) {
        List<Window> out = new ArrayList<>();
        for (int e = 0; e < examples.size(); e++) out.addAll(of(e, examples.get(e).text(), tok, seqLen));
        return out;
    }

    public static List<Window> of(int example, String text, Tokenizer tok, int seqLen) {
        int[] body = tok.encode(text);
        int[] all = new int[body.length + 2];
        all[0] = tok.eosId();
        System.arraycopy(body, 0, all, 1, body.length);
        all[all.length - 1] = tok.eosId();
        List<Window> out = new ArrayList<>();
        for (int start = 0; start < all.length - 1; start += seqLen) {
            out.add(new Window(example, Arrays.copyOfRange(all, start, Math.min(all.length, start + seqLen + 1))));
        }
        return out;
    }

    /** Fills x, y [count, T] from windows (padding: token 0, target −1); returns the number of targets. */
    public static int fill(List<Window> windows, int[] x, int[] y, int T) {
        Arrays.fill(x, 0);
        Arrays.fill(y, -1);
        int targets = 0;
        for (int b = 0; b < windows.size(); b++) {
            int[] t = windows.get(b).tokens();
            for (int i = 0; i + 1 < t.length; i++) {
                x[b * T + i] = t[i];
                y[b * T + i] = t[i + 1];
            }
            targets += t.length - 1;
        }
        return targets;
    }
}

package io.datanet.demo.bench;

import io.datanet.demo.Api;
import io.datanet.demo.Tokens;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Contributors with their tokens, handed out so that each has at most one upload in flight and at most
 * {@code maxPosts} uploads in all. Five keeps every upload quota out of the way whatever a contributor's tier
 * becomes (upload-service: 20 files and 10 MiB a day and 5 pending at tier NEW; a quarter of that, 5 files and 1
 * pending, at RESTRICTED). A contributor whose POST failed is retired: whether that upload counts is unknown.
 */
final class ContributorPool {

    private final Tokens tokens;
    private final String prefix;
    private final int maxPosts;
    /** Idle contributors; the most recently settled first, so contributors are reused before new ones appear. */
    private final ConcurrentLinkedDeque<Contributor> idle = new ConcurrentLinkedDeque<>();
    private final Map<String, Contributor> all = new ConcurrentHashMap<>();
    private final AtomicInteger minted = new AtomicInteger();
    private final AtomicInteger mintedUnderLoad = new AtomicInteger();

    ContributorPool(Tokens tokens, String prefix, int maxPosts) {
        this.tokens = tokens;
        this.prefix = prefix;
        this.maxPosts = maxPosts;
    }

    /** Signs tokens ahead (RSA signing costs CPU the services should have during a step). */
    void prepare(int idleWanted) {
        while (idle.size() < idleWanted) {
            idle.addLast(mint());
        }
    }

    Contributor take() {
        Contributor c = idle.pollFirst();
        if (c == null) {
            mintedUnderLoad.incrementAndGet();
            c = mint();
        }
        return c;
    }

    /** The POST was answered 202. */
    void accepted(Contributor c, UploadTrace trace) {
        if (c.accepted(trace)) {
            release(c);
        }
    }

    /** A reputation update seen on the topic; other people's contributors are ignored. */
    void reputationUpdated(String contributorId, long verdicts, long seenNanos) {
        Contributor c = all.get(contributorId);
        if (c != null && c.reputationUpdated(verdicts, seenNanos)) {
            release(c);
        }
    }

    int size() {
        return all.size();
    }

    int mintedUnderLoad() {
        return mintedUnderLoad.get();
    }

    private void release(Contributor c) {
        if (c.posts() < maxPosts) {
            idle.addFirst(c);
        }
    }

    private Contributor mint() {
        String id = prefix + minted.getAndIncrement();
        try {
            Contributor c = new Contributor(id, new Api(tokens.token(id, "contributor")));
            all.put(id, c);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a token for " + id, e);
        }
    }
}

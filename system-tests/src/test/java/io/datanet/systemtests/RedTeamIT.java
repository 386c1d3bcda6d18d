package io.datanet.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The red-team suite of issue 14 (RELIABILITY.md, "Red team: farming reputation"): against the four services as
 * separate processes, contributors play the cheap strategies that would buy reputation if evidence were files and
 * duplicates only verbatim, beside two careful cooks; each strategy's outcome is asserted, and the table of what
 * happened is printed for RELIABILITY.md.
 *
 * <p>The careful cooks' text is prose written for the test ({@code red-team/cooking.txt}), each paragraph saying
 * something of its own; the off-topic player's is market and football news ({@code red-team/markets.txt}).
 */
@ExtendWith(SharedPipeline.class)
@Order(1)   // BackupRestoreIT backs up what it leaves
class RedTeamIT {

    private static final List<String> COOKING = RedTeam.paragraphs("red-team/cooking.txt");
    private static final List<String> MARKETS = RedTeam.paragraphs("red-team/markets.txt");
    private static final String TOPIC = "Step-by-step cooking instructions in plain English";
    private static final int FARMED_FILES = 20;

    @Test
    void farmingCopyingAndOffTopicStrategiesRankBelowCarefulContributors(RedTeam team) throws Exception {
        String kitchen = team.datanet("owner", "Home cooking", TOPIC);
        Map<String, String> outcomes = new LinkedHashMap<>();

        // Two careful cooks: real paragraphs, one file and two files.
        JsonNode carol = team.decided(team.upload(kitchen, "carol", "stocks-and-sauces.jsonl", COOKING.subList(0, 6)));
        assertEquals("ACCEPTED", carol.path("status").asText(), carol.toString());
        for (List<String> file : List.of(COOKING.subList(6, 8), COOKING.subList(8, 10))) {
            assertEquals("ACCEPTED", team.decided(team.upload(kitchen, "dave", "dave.jsonl", file))
                    .path("status").asText());
        }
        double carolBefore = team.standing(kitchen, "carol", 1).path("score").asDouble();

        // A copier who rewords carol's paragraphs, sentence by sentence, with synonyms.
        JsonNode pat = team.decided(team.upload(kitchen, "pat", "my-stocks.jsonl",
                COOKING.subList(0, 6).stream().map(RedTeam::reworded).toList()));
        assertEquals("REJECTED", pat.path("status").asText(), pat.toString());
        int semantic = pat.path("reasonCounts").path("duplicate.semantic").asInt();
        assertTrue(semantic >= 5, "rewordings caught as semantic duplicates: " + pat);
        assertEquals(6, pat.path("reasonCounts").path("duplicate.cross-contributor").asInt(), pat.toString());
        JsonNode copies = team.copies(kitchen);
        assertEquals("pat", copies.path(0).path("copierId").asText(), copies.toString());
        assertEquals("carol", copies.path(0).path("authorId").asText(), copies.toString());
        outcomes.put("copier: rewords another cook's 6 paragraphs with synonyms", pat.path("status").asText()
                + ", " + semantic + " of 6 `duplicate.semantic` + `duplicate.cross-contributor`; listed at "
                + "`/api/copies` as pat copying carol");

        // Several accounts sharing one corpus: the first to upload it keeps it.
        JsonNode ring1 = team.decided(team.upload(kitchen, "ring-1", "corpus.jsonl", COOKING.subList(10, 12)));
        assertEquals("ACCEPTED", ring1.path("status").asText());
        for (String member : List.of("ring-2", "ring-3")) {
            JsonNode copy = team.decided(team.upload(kitchen, member, "corpus.jsonl", COOKING.subList(10, 12)));
            assertEquals("REJECTED", copy.path("status").asText());
            assertEquals(2, copy.path("reasonCounts").path("duplicate.exact").asInt(), copy.toString());
            assertEquals(2, copy.path("reasonCounts").path("duplicate.cross-contributor").asInt());
        }
        outcomes.put("three accounts upload one corpus", "the first ACCEPTED; the other two REJECTED, "
                + "`duplicate.exact` + `duplicate.cross-contributor`");

        // A farmer splits one template with a counter over many one-line files.
        for (int n = 1; n <= FARMED_FILES; n++) {
            team.decided(team.upload(kitchen, "fay", "tip-" + n + ".jsonl", List.of("Useful cooking tip number "
                    + n + ": simmer the stock gently and skim it often for a clear result.")));
        }

        // Off-topic prose, near-empty records, filler padding, and good files alternating with spam.
        JsonNode otto = team.decided(team.upload(kitchen, "otto", "markets.jsonl", MARKETS));
        assertEquals("REJECTED", otto.path("status").asText(), otto.toString());
        int offTopic = otto.path("reasonCounts").path("relevance.off-topic").asInt();
        assertTrue(offTopic >= 3, "off-topic records caught: " + otto);
        outcomes.put("off-topic: 4 paragraphs of market and football news", otto.path("status").asText() + ", "
                + offTopic + " of 4 `relevance.off-topic`");
        JsonNode nia = team.decided(team.upload(kitchen, "nia", "short.jsonl",
                List.of("Yes.", "Good soup.", "ok then", "Nice!", "Salt it.")));
        assertEquals("REJECTED", nia.path("status").asText(), nia.toString());
        outcomes.put("near-empty records (\"Yes.\", \"Good soup.\" ...)", nia.path("status").asText() + ", "
                + RedTeam.reasons(nia));
        String filler = " It is really very truly quite simply just really very truly quite simply just good.";
        JsonNode pam = team.decided(team.upload(kitchen, "pam", "padded.jsonl", List.of(
                "Salt the pasta water well before the pasta goes in." + filler.repeat(6),
                "Warm the plates in a low oven while the sauce finishes." + filler.repeat(6))));
        outcomes.put("filler padding: a sentence each, padded with filler words", pam.path("status").asText()
                + ", " + RedTeam.reasons(pam));
        List<String> alternating = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean good = i % 2 == 0;
            JsonNode file = team.decided(team.upload(kitchen, "alex", "file-" + i + ".jsonl", good
                    ? List.of(COOKING.get(12 + i / 2)) : List.of("$$$ BUY NOW $$$ !!! ### " + (100 + i) + " ### $$$ CLICK $$$")));
            alternating.add(file.path("status").asText());
        }
        assertEquals(List.of("ACCEPTED", "REJECTED", "ACCEPTED", "REJECTED"), alternating);

        // Split invariance: the same paragraphs as one file, or one file each, in two datanets of one topic.
        String oneFile = team.datanet("owner", "Cooking, one file", TOPIC);
        String split = team.datanet("owner", "Cooking, split", TOPIC);
        team.decided(team.upload(oneFile, "una", "all.jsonl", COOKING.subList(12, 16)));
        for (int i = 12; i < 16; i++) {
            team.decided(team.upload(split, "sid", "part-" + i + ".jsonl", List.of(COOKING.get(i))));
        }

        // The standings, once reputation-service has applied every verdict.
        Map<String, Integer> verdicts = new LinkedHashMap<>(Map.of("carol", 1, "dave", 2, "pat", 1, "ring-1", 1,
                "ring-2", 1, "ring-3", 1, "fay", FARMED_FILES, "otto", 1, "nia", 1, "pam", 1));
        verdicts.put("alex", 4);
        Map<String, JsonNode> standing = new LinkedHashMap<>();
        verdicts.forEach((who, count) -> standing.put(who, team.standing(kitchen, who, count)));
        JsonNode una = team.standing(oneFile, "una", 1);
        JsonNode sid = team.standing(split, "sid", 4);
        double careful = Math.min(score(standing.get("carol")), score(standing.get("dave")));

        assertEquals(carolBefore, score(standing.get("carol")), 1e-3, "the copied author keeps her standing");
        assertTrue(score(standing.get("pat")) < 0.5, "the copier falls below a newcomer");
        for (String player : List.of("pat", "ring-2", "ring-3", "fay", "otto", "nia", "pam", "alex")) {
            assertTrue(score(standing.get(player)) < careful, player + " must rank below the careful cooks: "
                    + standing.get(player) + " vs " + careful);
        }
        assertTrue(score(standing.get("ring-1")) > score(standing.get("ring-2")));
        assertTrue(standing.get("fay").path("informationAccepted").asLong()
                < standing.get("carol").path("informationAccepted").asLong() / 4, "twenty templated lines say little");
        assertEquals(score(una), score(sid), 0.01 * score(una), "one file or split: the same standing");
        assertEquals(una.path("informationAccepted").asDouble(), sid.path("informationAccepted").asDouble(),
                0.01 * una.path("informationAccepted").asDouble());
        outcomes.put("splitter: the same 4 paragraphs as 1 file (una) or 4 files (sid)", String.format(Locale.ROOT,
                "score %.4f vs %.4f, information %d vs %d bytes", score(una), score(sid),
                una.path("informationAccepted").asLong(), sid.path("informationAccepted").asLong()));
        outcomes.put("templated farmer: " + FARMED_FILES + " one-line files, one template with a counter",
                String.format(Locale.ROOT, "%d accepted; information %d bytes (carol's 6 paragraphs: %d)",
                        standing.get("fay").path("accepted").asLong(),
                        standing.get("fay").path("informationAccepted").asLong(),
                        standing.get("carol").path("informationAccepted").asLong()));
        outcomes.put("alternating good and spam files", String.join(", ", alternating));

        System.out.println("red team, scores in the datanet (carol and dave are the careful cooks):");
        standing.forEach((who, s) -> System.out.printf(Locale.ROOT, "  %-7s score %.3f  tier %-10s accepted %d"
                        + "  rejected %d  information %d B%n", who, score(s), s.path("tier").asText(),
                s.path("accepted").asLong(), s.path("rejected").asLong(), s.path("informationAccepted").asLong()));
        outcomes.forEach((strategy, outcome) -> System.out.println("| " + strategy + " | " + outcome + " |"));
    }

    private static double score(JsonNode standing) {
        return standing.path("score").asDouble();
    }
}

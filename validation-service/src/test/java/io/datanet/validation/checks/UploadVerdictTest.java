package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.validation.dedup.IndexedRecord;
import io.datanet.validation.dedup.SkeletonTest;
import io.datanet.validation.meaning.StaticEmbeddings;
import io.datanet.validation.records.DatasetRecord;
import io.datanet.validation.records.RecordReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadVerdictTest {

    static final String CLEAN_1 = "To make a clear stock, cover the bones with cold water and bring it slowly to a simmer.";
    static final String CLEAN_2 = "A basic vinaigrette is one part vinegar to three parts oil, whisked with a little mustard.";
    static final String CLEAN_3 = "Rest a steak for five minutes after cooking so that its juices settle back into the meat.";

    static final Thresholds RULES = QualityHeuristicsTest.DEFAULTS;

    private static List<RecordAnalysis> analyse(String jsonl) throws Exception {
        List<DatasetRecord> records = RecordReader.read(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "u.jsonl");
        return records.stream().map(r -> RecordAnalysis.of(r, QualityHeuristicsTest.DEFAULTS)).toList();
    }

    private static String line(String text) {
        return "{\"text\":\"" + text + "\"}\n";
    }

    @Test
    void theVerdictIsDecidedInOnePlace() throws Exception {
        UploadVerdict.Outcome passing = UploadVerdict.decide(analyse(line(CLEAN_1) + line(CLEAN_2)), "alice", List.of(), 0.8, RULES);
        UploadVerdict.Outcome failing = UploadVerdict.decide(analyse(line(CLEAN_1) + "{not json\n" + "{not json\n"), "alice",
                List.of(), 0.8, RULES);
        UploadVerdict.Outcome nothingRead = UploadVerdict.decide(List.of(), "alice", List.of(), 0.8, RULES);
        assertEquals(io.datanet.events.Verdict.ACCEPTED,
                UploadVerdict.verdict(passing, null, io.datanet.events.ReviewMode.AUTO).verdict());
        assertEquals(io.datanet.events.Verdict.PENDING_REVIEW,
                UploadVerdict.verdict(passing, null, io.datanet.events.ReviewMode.OWNER).verdict(), "the owner reviews it first");
        UploadVerdict.Decision rejected = UploadVerdict.verdict(failing, null, io.datanet.events.ReviewMode.OWNER);
        assertEquals(io.datanet.events.Verdict.REJECTED, rejected.verdict(), "an owner never sees what fails the checks");
        assertEquals(Map.of("structure.malformed-json", 2), rejected.reasonCounts());
        UploadVerdict.Decision unreadable = UploadVerdict.verdict(nothingRead,
                new FileError("structure.invalid-utf8", "the file is not valid UTF-8 text"), io.datanet.events.ReviewMode.AUTO);
        assertEquals(io.datanet.events.Verdict.REJECTED, unreadable.verdict());
        assertEquals(Map.of("structure.invalid-utf8", 1), unreadable.reasonCounts(), "the file's one reason, nothing else");
        assertEquals("structure.invalid-utf8: the file is not valid UTF-8 text",
                new FileError("structure.invalid-utf8", "the file is not valid UTF-8 text").describe());
    }

    @Test
    void aMixedUploadGetsTheExpectedCountsAndVerdict() throws Exception {
        String upload = line(CLEAN_1) + line(CLEAN_2) + line(CLEAN_3)
                + line("Write to me at jane.doe@example.com for the whole family recipe collection.")
                + line(CLEAN_1.toUpperCase())          // exact duplicate after normalisation
                + "{not json\n"
                + line("$$$ ### !!! %%% ^^^ &&& *** ((( )))");
        UploadVerdict.Outcome outcome = UploadVerdict.decide(analyse(upload), "bob", List.of(), 0.8, RULES);
        assertEquals(7, outcome.recordsTotal());
        assertEquals(3, outcome.recordsAccepted());
        assertFalse(outcome.passes(), "3/7 is below the 0.8 threshold");
        assertEquals(1, outcome.reasonCounts().get("pii.email"));
        assertEquals(1, outcome.reasonCounts().get("duplicate.exact"));
        assertEquals(1, outcome.reasonCounts().get("structure.malformed-json"));
        assertTrue(outcome.reasonCounts().containsKey("quality.alpha-ratio"));
        assertEquals(List.of(4, 5, 6, 7), outcome.rejected().stream().map(UploadVerdict.RecordResult::record).toList());
        assertTrue(outcome.qualityScore() > 0.3 && outcome.qualityScore() < 0.8, "score " + outcome.qualityScore());

        UploadVerdict.Outcome clean = UploadVerdict.decide(analyse(line(CLEAN_1) + line(CLEAN_2)), "bob", List.of(), 0.8, RULES);
        assertTrue(clean.passes());
        assertEquals(1.0, clean.qualityScore());
        assertEquals(Map.of(), clean.reasonCounts());
    }

    @Test
    void copiesOfAnotherContributorsAcceptedRecordsAreFlaggedForCredit() throws Exception {
        RecordAnalysis alices = analyse(line(CLEAN_1)).get(0);
        IndexedRecord indexed = new IndexedRecord("alice", "u-1", 1, alices.exactHash(), alices.signature());
        // Near copies are judged on word 5-grams, so they need some length: a paragraph with its last word changed.
        String paragraph = CLEAN_2 + " " + CLEAN_3 + " Season the dressing at the end, taste it on a leaf, and adjust"
                + " the salt and acid until it is bright but not sharp, then dress the salad just before serving it";
        String nearCopy = paragraph.replaceFirst("serving it$", "serving them");
        UploadVerdict.Outcome outcome = UploadVerdict.decide(analyse(line(CLEAN_1) + line(paragraph) + line(nearCopy)),
                "mallory", List.of(indexed), 0.5, RULES);
        assertEquals(List.of("duplicate.exact", "duplicate.cross-contributor"), outcome.rejected().get(0).reasons());
        assertEquals(List.of("duplicate.near"), outcome.rejected().get(1).reasons(), "near copy within the upload");
        assertEquals(1, outcome.recordsAccepted());
    }

    @Test
    void aRewordingOfAnotherContributorsRecordIsASemanticDuplicateAndOtherProseIsNot() throws Exception {
        StaticEmbeddings embeddings = StaticEmbeddings.load();
        RecordAnalysis alices = embedded(SkeletonTest.PARAGRAPH, embeddings);
        IndexedRecord indexed = new IndexedRecord("alice", "u-1", 1, alices.exactHash(), alices.signature(),
                alices.skeleton(), alices.embedding());
        String reworded = SkeletonTest.PARAGRAPH.replace("committee", "board").replace("question", "matter")
                .replace("road", "highway").replace("count", "reckon").replace("cost", "price")
                .replace("mayor", "city manager").replace("plan", "proposal").replace("meeting", "session");
        // The same grammar, another meaning: the skeleton alone must not make it a duplicate.
        String sameGrammar = "The baker said that it would not take up the making of the new bread until the end of"
                + " the week, when the shop has had time to weigh the flour of the sacks that was milled in the"
                + " valley. It was also said that the oven, which has been in use for only a few days, is in need of"
                + " the cleaning and will want for it to be put on the rota for the next morning.";
        assertTrue(io.datanet.validation.dedup.Skeleton.alike(alices.skeleton(),
                embedded(sameGrammar, embeddings).skeleton()), "the test's premise: the skeletons match");
        List<RecordAnalysis> upload = List.of(embedded(reworded, embeddings), embedded(sameGrammar, embeddings));
        UploadVerdict.Outcome outcome = UploadVerdict.decide(upload, "mallory", List.of(indexed), 0, RULES);
        assertEquals(List.of(UploadVerdict.SEMANTIC, UploadVerdict.CROSS_CONTRIBUTOR), outcome.rejected().get(0).reasons());
        assertEquals(1, outcome.rejected().size(), "same grammar, other meaning is accepted: " + outcome.rejected());

        UploadVerdict.Outcome own = UploadVerdict.decide(List.of(embedded(reworded, embeddings)), "alice",
                List.of(indexed), 0, RULES);
        assertEquals(List.of(UploadVerdict.SEMANTIC), own.rejected().get(0).reasons(), "rewording one's own record");
    }

    private static RecordAnalysis embedded(String text, StaticEmbeddings embeddings) {
        return RecordAnalysis.of(DatasetRecord.text(1, text), QualityHeuristicsTest.DEFAULTS)
                .withEmbedding(embeddings.embed(text));
    }

    @Test
    void recordsWithControlCharactersOrLoneSurrogatesAreRejectedForThem() throws Exception {
        // As a JSONL file carries them: JSON escapes that decode to a NUL, an ESC sequence and a lone surrogate.
        String upload = line(CLEAN_1) + line("A clean looking sentence \\u0000 with a NUL byte hidden in it.")
                + line("\\u001b[2J Clear the screen, then print a friendly and ordinary sentence.")
                + line("A lone surrogate \\ud800 is not a character, whatever the rest of it says.");
        UploadVerdict.Outcome outcome = UploadVerdict.decide(analyse(upload), "bob", List.of(), 0.8, RULES);
        assertEquals(1, outcome.recordsAccepted());
        assertEquals(3, outcome.reasonCounts().get(RecordAnalysis.CONTROL_CHARACTERS));
        assertEquals(List.of(2, 3, 4), outcome.rejected().stream().map(UploadVerdict.RecordResult::record).toList());
    }
}

package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.validation.records.DatasetRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The new information measure on real prose and on a farmer's templated lines. */
public class NewInformationTest {

    public static List<String> prose() throws IOException {
        try (InputStream in = NewInformationTest.class.getResourceAsStream("/prose/gpl-3-paragraphs.txt")) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n\n"))
                    .map(String::strip).filter(p -> !p.isEmpty()).toList();
        }
    }

    public static List<String> templated(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(n -> "Useful sample number " + n + " about braising vegetables, with enough words to pass.")
                .toList();
    }

    private static byte[] text(List<String> paragraphs) {
        List<DatasetRecord> records = new ArrayList<>();
        for (String p : paragraphs) {
            records.add(DatasetRecord.text(records.size() + 1, p));
        }
        return NewInformation.text(records);
    }

    /** Σ of each upload's information, uploaded in order, each measured after the ones before it. */
    static long uploadedAs(List<List<String>> uploads) {
        byte[] prior = new byte[0];
        long total = 0;
        for (List<String> upload : uploads) {
            byte[] text = text(upload);
            total += NewInformation.bytes(prior, text);
            prior = NewInformation.priorAfter(prior, text);
        }
        return total;
    }

    public static List<List<String>> split(List<String> records, int parts, Random random) {
        List<Integer> cuts = new ArrayList<>(IntStream.range(1, records.size()).boxed().toList());
        java.util.Collections.shuffle(cuts, random);
        List<Integer> chosen = new ArrayList<>(cuts.subList(0, parts - 1));
        chosen.add(0);
        chosen.add(records.size());
        java.util.Collections.sort(chosen);
        List<List<String>> uploads = new ArrayList<>();
        for (int i = 0; i + 1 < chosen.size(); i++) {
            uploads.add(records.subList(chosen.get(i), chosen.get(i + 1)));
        }
        return uploads;
    }

    @Test
    void theSameRecordsSplitOverTwentyUploadsSayExactlyWhatOneFileSays() throws Exception {
        List<String> prose = prose();
        long oneFile = uploadedAs(List.of(prose));
        Random random = new Random(14);
        for (int trial = 0; trial < 20; trial++) {
            List<List<String>> uploads = split(prose, 20, random);
            assertEquals(oneFile, uploadedAs(uploads), "split " + uploads.stream().map(List::size).toList());
        }
        assertTrue(oneFile > 5_000, "thirty paragraphs of prose say a lot: " + oneFile);
    }

    @Test
    void twentyTemplatedOneLinersAreWorthAboutOneParagraph() throws Exception {
        long farmer = uploadedAs(templated(20).stream().map(List::of).toList());
        List<String> prose = prose();
        long oneParagraph = uploadedAs(List.of(prose.subList(0, 1)));
        long careful = uploadedAs(List.of(prose));
        System.out.printf("new information: 20 templated one-liners %d B, one paragraph %d B, 30 paragraphs %d B%n",
                farmer, oneParagraph, careful);
        assertTrue(farmer < 1.5 * oneParagraph, farmer + " vs " + oneParagraph);
        assertTrue(careful > 20 * farmer, careful + " vs " + farmer);
    }

    @Test
    void textSaidBeforeAddsAlmostNothingAndEachContributorHasItsOwnContext() throws Exception {
        List<String> prose = prose();
        long first = uploadedAs(List.of(prose.subList(0, 5)));
        long again = uploadedAs(List.of(prose.subList(0, 5), prose.subList(0, 5))) - first;
        assertTrue(again < first / 20, "a repeat adds " + again + " of " + first);
    }
}

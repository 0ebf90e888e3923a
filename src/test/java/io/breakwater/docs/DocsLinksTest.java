package io.breakwater.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * README stays a short entry page and the documentation's links lead somewhere: README opens with its two commands
 * and links every page of {@code docs/}; every relative link of README and {@code docs/} names a file that exists, and
 * a heading of it that exists; and so does every mention of a page of {@code docs/} in the code, the manifests, the
 * scripts and the pages themselves.
 */
class DocsLinksTest {

    private static final String COMMANDS = "```bash\n./mvnw quarkus:dev\n./mvnw verify\n```\n";
    private static final int README_LINES = 300;
    /** A page of the docs, {@code docs/<page>.md} with or without {@code #<anchor>}, as a path from the root. */
    private static final Pattern DOCS_MENTION = Pattern.compile("(?<![\\w./-])(docs/[\\w./-]+\\.md(?:#[\\w-]+)?)");
    /** The way files pointed into README before docs/ existed: README, then a heading's name in quotes. */
    private static final Pattern README_SECTION = Pattern.compile("README[,:]?\\s+\"([^\"]+)\"");
    private static final Set<String> NOT_SCANNED = Set.of(".git", "target", ".mvn");

    @Test
    void readmeOpensWithItsTwoCommands() throws IOException {
        String readme = Files.readString(MarkdownPage.README);

        assertTrue(readme.startsWith(COMMANDS), () -> "README must open with\n" + COMMANDS + "but opens with\n"
                + readme.substring(0, Math.min(200, readme.length())));
    }

    @Test
    void readmeIsShortAndLinksEveryPageOfTheDocs() throws IOException {
        MarkdownPage readme = MarkdownPage.read(MarkdownPage.README);
        Set<Path> linked = new TreeSet<>();
        for (String target : readme.links()) {
            if (!MarkdownPage.external(target)) {
                linked.add(Path.of(target.replaceFirst("#.*", "")).normalize());
            }
        }
        Set<Path> unlinked = new TreeSet<>();
        for (MarkdownPage page : MarkdownPage.all()) {
            if (page.file().startsWith(MarkdownPage.DOCS) && !linked.contains(page.file())) {
                unlinked.add(page.file());
            }
        }

        int lines = Files.readAllLines(MarkdownPage.README).size();
        assertTrue(lines <= README_LINES, "README has " + lines + " lines; move what is not for a newcomer to docs/");
        assertEquals(Set.of(), unlinked, "pages of docs/ that README does not link");
        assertTrue(linked.contains(Path.of("docs", "operations.md")), linked::toString);
    }

    @Test
    void everyRelativeLinkOfTheDocsLeadsToAFileAndHeadingThatExist() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (MarkdownPage page : MarkdownPage.all()) {
            for (String target : page.links()) {
                if (!MarkdownPage.external(target)) {
                    checked++;
                    MarkdownPage.problem(page.file(), page.base(), target)
                            .ifPresent(problem -> broken.add(page + ": (" + target + "): " + problem));
                }
            }
        }

        assertEquals(List.of(), broken, "broken links");
        assertTrue(checked > 50, "links checked: " + checked);
    }

    @Test
    void everyMentionOfAPageOfTheDocsLeadsToAHeadingThatExists() throws IOException {
        List<String> broken = new ArrayList<>();
        Set<String> readmeHeadings = Set.copyOf(MarkdownPage.read(MarkdownPage.README).headings().values());
        List<Path> files = textFiles();
        int mentions = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher mention = DOCS_MENTION.matcher(text);
            while (mention.find()) {
                mentions++;
                String target = mention.group(1);
                MarkdownPage.problem(file, Path.of(""), target)
                        .ifPresent(problem -> broken.add(file + ": " + target + ": " + problem));
            }
            Matcher section = README_SECTION.matcher(text);
            while (section.find()) {
                if (!readmeHeadings.contains(section.group(1))) {
                    broken.add(file + ": " + section.group() + ": README has no such heading; which page holds it?");
                }
            }
        }

        assertEquals(List.of(), broken, "mentions of the docs that lead nowhere");
        assertTrue(mentions > 10 && files.contains(Path.of("k8s", "monitoring", "breakwater-rules.yml")),
                mentions + " mentions in " + files.size() + " files");
    }

    @Test
    void findsLinksAcrossLineBreaksButNotInCode() {
        MarkdownPage page = MarkdownPage.of(Path.of("docs", "example.md"), """
                # Example

                See [the request
                path](architecture.md#the-request-path), ![a chart](../bench/results/latest.png "requests/s") and
                `[not a link](nowhere.md)`.

                ```
                [nor this](nowhere.md)
                ```
                | a | [b](#example) |
                |---|---|
                """);

        assertEquals(List.of("architecture.md#the-request-path", "../bench/results/latest.png", "#example"),
                page.links());
        assertEquals(List.of(List.of("a", "[b](#example)")), page.tableRows());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CircuitBreakerOpen                          | circuitbreakeropen",
            "Acting on a breaker: the admin API          | acting-on-a-breaker-the-admin-api",
            "What `./mvnw verify` runs                   | what-mvnw-verify-runs",
            "Start-up and the Java 25 AOT cache          | start-up-and-the-java-25-aot-cache",
            "Streaming, and what bounds a call           | streaming-and-what-bounds-a-call",
            "Try it: watch a breaker open and close      | try-it-watch-a-breaker-open-and-close",
            "See [Redis](observability.md), and more     | see-redis-and-more",
            "snake_case and Ärger                        | snake_case-and-ärger",
    })
    void anchorsAreGitHubs(String heading, String anchor) {
        assertEquals(anchor, MarkdownPage.anchor(heading));
    }

    @Test
    void aHeadingThatRepeatsGetsANumberedAnchor() {
        MarkdownPage page = MarkdownPage.of(Path.of("docs", "example.md"), "# Notes\n\n## Notes\n\n## Notes\n");

        assertEquals(List.of("notes", "notes-1", "notes-2"), List.copyOf(page.headings().keySet()));
    }

    /** The repository's text files, its build output and Git's own files left out. */
    private static List<Path> textFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(""))) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getNameCount() > 0 && !NOT_SCANNED.contains(file.getName(0).toString()))
                    .filter(DocsLinksTest::isText)
                    .map(Path::normalize)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isText(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            for (byte b : bytes) {
                if (b == 0) {
                    return false;
                }
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

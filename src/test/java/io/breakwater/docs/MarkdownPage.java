package io.breakwater.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Markdown page as GitHub renders it, as far as the documentation tests need: the anchors of its headings, the
 * targets of its links and the cells of its tables, all outside fenced code blocks.
 */
final class MarkdownPage {

    /** The pages a reader finds from README: README itself and everything under {@code docs/}. */
    static final Path README = Path.of("README.md");
    static final Path DOCS = Path.of("docs");

    /** {@code [text](target)} or {@code ![alt](target "title")}; the text may hold one level of brackets and breaks. */
    private static final Pattern LINK = Pattern
            .compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*])*]\\(([^()\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*");
    private static final Pattern CELL_BORDER = Pattern.compile("(?<!\\\\)\\|");

    private final Path file;
    /** The page's text with its fenced code blocks blanked out, lines kept in place. */
    private final String prose;
    /** Anchor of each heading, in order, to the heading's text. */
    private final Map<String, String> headings = new LinkedHashMap<>();
    private final List<Heading> outline = new ArrayList<>();

    /** A heading: its level (1 for {@code #}), its text as written, and its anchor. */
    record Heading(int level, String text, String anchor) {
    }

    private MarkdownPage(Path file, String text) {
        this.file = file;
        StringBuilder outside = new StringBuilder();
        boolean fenced = false;
        Map<String, Integer> seen = new HashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                outside.append('\n');
                continue;
            }
            outside.append(fenced ? "" : line).append('\n');
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                String anchor = anchor(heading.group(2));
                int count = seen.merge(anchor, 1, Integer::sum);
                String unique = count == 1 ? anchor : anchor + "-" + (count - 1);
                headings.put(unique, heading.group(2));
                outline.add(new Heading(heading.group(1).length(), heading.group(2), unique));
            }
        }
        this.prose = outside.toString();
    }

    static MarkdownPage read(Path file) {
        try {
            return new MarkdownPage(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MarkdownPage of(Path file, String text) {
        return new MarkdownPage(file, text);
    }

    /** README and every Markdown page under {@code docs/}. */
    static List<MarkdownPage> all() {
        List<MarkdownPage> pages = new ArrayList<>();
        pages.add(read(README));
        try (Stream<Path> files = Files.walk(DOCS)) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(file -> pages.add(read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /**
     * The anchor GitHub gives a heading: its text without link targets, in lower case, with every character but
     * letters, digits, spaces, hyphens and underscores dropped, and spaces turned into hyphens.
     */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").strip().toLowerCase(Locale.ROOT);
        StringBuilder anchor = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                anchor.appendCodePoint(c);
            } else if (c == ' ') {
                anchor.append('-');
            }
        });
        return anchor.toString();
    }

    /** Whether a link target names a scheme ({@code https:}, {@code mailto:}) rather than a path of the repository. */
    static boolean external(String target) {
        return target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    /**
     * What is wrong with a relative link, if anything: {@code target} is a path relative to {@code base}, optionally
     * followed by {@code #anchor}, or an anchor alone, of the page {@code self}. The file must exist within the
     * repository, and the anchor must be one of a heading of that Markdown page.
     */
    static Optional<String> problem(Path self, Path base, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? self : base.resolve(path).normalize();
        if (file.startsWith("..") || file.isAbsolute()) {
            return Optional.of("outside the repository");
        }
        if (!Files.exists(file)) {
            return Optional.of(file + " does not exist");
        }
        if (hash < 0) {
            return Optional.empty();
        }
        String anchor = target.substring(hash + 1);
        if (!file.toString().endsWith(".md")) {
            return Optional.of("#" + anchor + " is not a heading: " + file + " is not a Markdown page");
        }
        MarkdownPage page = read(file);
        return page.heading(anchor).isPresent() ? Optional.empty()
                : Optional.of(file + " has no heading #" + anchor + " (its headings: " + page.headings.keySet() + ")");
    }

    /** The directory this page's relative links start from. */
    Path base() {
        return file.getParent() == null ? Path.of("") : file.getParent();
    }

    Path file() {
        return file;
    }

    /** The heading an anchor of this page leads to. */
    Optional<String> heading(String anchor) {
        return Optional.ofNullable(headings.get(anchor));
    }

    Map<String, String> headings() {
        return headings;
    }

    /**
     * The headings one level below the heading with this text, up to the next heading of its level or above: the
     * entries of a section.
     */
    List<Heading> entries(String section) {
        List<Heading> entries = new ArrayList<>();
        int level = 0;
        for (Heading heading : outline) {
            if (level == 0 && heading.text().equals(section)) {
                level = heading.level();
            } else if (level > 0 && heading.level() <= level) {
                break;
            } else if (level > 0 && heading.level() == level + 1) {
                entries.add(heading);
            }
        }
        return entries;
    }

    /** The targets of the page's links and images, as written, outside code. */
    List<String> links() {
        List<String> targets = new ArrayList<>();
        Matcher link = LINK.matcher(INLINE_CODE.matcher(prose).replaceAll("``"));
        while (link.find()) {
            targets.add(link.group(1));
        }
        return targets;
    }

    /** The cells of every table row outside code, trimmed, separator rows left out. */
    List<List<String>> tableRows() {
        List<List<String>> rows = new ArrayList<>();
        for (String line : prose.split("\n")) {
            String row = line.strip();
            if (row.startsWith("|") && !row.matches("\\|[-:| ]+\\|")) {
                String inside = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
                String[] cells = CELL_BORDER.split(inside, -1);
                rows.add(Arrays.stream(cells).map(String::strip).toList());
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return file.toString();
    }
}

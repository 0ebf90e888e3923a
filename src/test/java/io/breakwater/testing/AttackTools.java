package io.breakwater.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The tools an attacker would use, from Debian's packages ({@code slowhttptest}). Without them a test is skipped,
 * except in CI ({@code CI} set), where it fails: {@code .ci/run} installs them.
 */
public final class AttackTools {

    private static final Path SLOWHTTPTEST = Path.of("/usr/bin/slowhttptest");

    private AttackTools() {
    }

    /**
     * Runs {@code slowhttptest} with {@code arguments} against {@code url} for at most {@code seconds} (its
     * {@code -l}), and waits for it to end.
     *
     * @return what it printed
     */
    public static String slowhttptest(String url, int seconds, String... arguments)
            throws IOException, InterruptedException {
        boolean installed = Files.isExecutable(SLOWHTTPTEST);
        String missing = SLOWHTTPTEST + " is needed (apt-get install slowhttptest)";
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(installed, missing);
        } else {
            Assumptions.assumeTrue(installed, missing);
        }
        List<String> command = new ArrayList<>(List.of(SLOWHTTPTEST.toString(), "-u", url, "-l",
                String.valueOf(seconds), "-p", "3"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("slowhttptest-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("slowhttptest ran past its " + seconds + " s");
        }
        String printed = Files.readString(output);
        Files.delete(output);
        return printed;
    }
}

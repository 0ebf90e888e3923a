package io.breakwater.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import org.junit.jupiter.api.Assumptions;

/**
 * What Linux holds for a TCP connection on this machine, read from {@code /proc/net/tcp} and {@code /proc/net/tcp6}:
 * the kernel memory a client connection takes is out of the gateway's sight, and of its heap and direct memory.
 */
public final class KernelSockets {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private KernelSockets() {
    }

    /**
     * @return the bytes the socket bound to {@code localPort} and connected from {@code remotePort} has been given and
     *         not yet had acknowledged (sent or not), or empty if there is no such socket
     */
    public static OptionalLong sendQueue(int localPort, int remotePort) throws IOException {
        Assumptions.assumeTrue(Files.isReadable(TABLES.get(0)), "Linux's /proc/net/tcp is needed");
        String local = String.format(Locale.ROOT, ":%04X", localPort);
        String remote = String.format(Locale.ROOT, ":%04X", remotePort);
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                // sl local_address remote_address st tx_queue:rx_queue ...
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 4 && fields[1].endsWith(local) && fields[2].endsWith(remote)) {
                    return OptionalLong.of(Long.parseLong(fields[4].substring(0, fields[4].indexOf(':')), 16));
                }
            }
        }
        return OptionalLong.empty();
    }
}

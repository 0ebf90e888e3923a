package io.breakwater.endpoint;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The DNS servers that {@code dns} discovery asks.
 */
@ConfigMapping(prefix = "gateway.dns")
public interface DnsConfig {

    /**
     * DNS servers as {@code host:port}, comma-separated, asked instead of the system's resolver (those of
     * {@code /etc/resolv.conf}).
     */
    Optional<List<String>> servers();
}

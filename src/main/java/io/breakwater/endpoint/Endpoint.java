package io.breakwater.endpoint;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.net.SocketAddress;

/**
 * One address a backend's calls can go to, such as one pod of a Kubernetes Service, and what its calls have shown
 * of it. Its state is guarded by its {@link Endpoints}.
 */
public final class Endpoint {

    private final String service;
    private final String host;
    private final int port;
    private final String label;
    private final String url;
    private final SocketAddress address;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();

    private int consecutiveFailures;
    private int ejectionsInRow;
    /** When its ejection ends; {@code null} while it serves. */
    private volatile Instant ejectedUntil;

    Endpoint(String service, String host, int port, boolean secure) {
        this.service = service;
        this.host = host;
        this.port = port;
        this.label = authority(host, port);
        this.url = (secure ? "https://" : "http://") + label;
        this.address = SocketAddress.inetSocketAddress(port, host);
    }

    /** @return {@code host:port}, an IPv6 address in brackets */
    static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static String authority(SocketAddress address) {
        return authority(address.host(), address.port());
    }

    /** Name of the backend's breaker, whose endpoint this is. */
    public String service() {
        return service;
    }

    /** Host name or address to connect to. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Where its connections go; a host name is resolved when a connection is opened. */
    public SocketAddress address() {
        return address;
    }

    /** {@code host:port}: the {@code endpoint} label of metrics and events. */
    public String label() {
        return label;
    }

    /** Scheme, host and port, never credentials. */
    public String url() {
        return url;
    }

    /** Attempts sent to it since start-up. */
    public long calls() {
        return calls.sum();
    }

    /** Attempts of it that failed since start-up. */
    public long failures() {
        return failures.sum();
    }

    public boolean ejected() {
        return ejectedUntil != null;
    }

    /** When its ejection ends, or {@code null} while it serves. */
    public Instant ejectedUntil() {
        return ejectedUntil;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * What it showed at one look, for the health endpoint. Registered for reflection because Jackson reaches it only
     * through a generic list that the native build does not follow.
     */
    @RegisterForReflection
    public record View(String url, String state, Instant ejectedUntil, int consecutiveFailures, long calls,
            long failures) {
    }

    View view() {
        Instant until = ejectedUntil;
        return new View(url, until == null ? "serving" : "ejected", until, consecutiveFailures(), calls(),
                failures());
    }

    /** Counts a good attempt: its failures in a row, and its ejections in a row, start again. */
    synchronized void succeeded() {
        calls.increment();
        consecutiveFailures = 0;
        if (ejectedUntil == null) {
            ejectionsInRow = 0;
        }
    }

    /** @return its failures in a row, this one included */
    synchronized int failed() {
        calls.increment();
        failures.increment();
        return ++consecutiveFailures;
    }

    /** @return when the ejection that starts now ends: twice as late as the last one, if that was in a row */
    synchronized Instant eject(Instant now, EndpointsConfig config) {
        long first = config.ejectTime().toMillis();
        long longest = Math.max(first, config.ejectTimeMax().toMillis());
        long millis = first << Math.min(ejectionsInRow, 30);
        ejectionsInRow++;
        consecutiveFailures = 0;
        ejectedUntil = now.plusMillis(millis <= 0 ? longest : Math.min(millis, longest));
        return ejectedUntil;
    }

    /** @return whether it was ejected and its time is over, in which case it serves again from now */
    synchronized boolean returnIfDue(Instant now) {
        if (ejectedUntil == null || now.isBefore(ejectedUntil)) {
            return false;
        }
        ejectedUntil = null;
        return true;
    }
}

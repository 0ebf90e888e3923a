package io.breakwater.backend;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.breakwater.InvalidSetting;
import io.breakwater.endpoint.EndpointsConfig;
import io.breakwater.endpoint.EndpointsFactory;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.tls.runtime.config.TlsConfigUtils;
import io.smallrye.config.ConfigValidationException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Makes each backend's {@link BackendClient}: Vert.x's HTTP client (the one Quarkus' REST client runs on, used
 * directly so that status, headers and bodies stream both ways with backpressure;
 * docs/architecture.md#streaming-and-what-bounds-a-call), with a connection pool of the backend's own.
 * <p>
 * Each pool (one per event loop and endpoint, see {@link BackendClient}) is at least as large as the backend's bulkhead
 * ({@code max-concurrent}): a call the bulkhead lets through never waits for a connection, whichever event loop it
 * is on, so that the gateway's own queueing can never look like a slow backend and open its breaker.
 */
@Singleton
public class BackendClients {

    private final Vertx vertx;
    private final TlsConfigurationRegistry tls;
    private final EndpointsFactory endpoints;
    private final int maxHeaderSize;
    private final int maxInitialLineLength;
    private final List<BackendClient> clients = new CopyOnWriteArrayList<>();

    /**
     * @param clientHeaderSize the most a client's request head may hold; an answer's may hold as much, so that a
     *        backend echoing a header a client could send is never cut off by a smaller limit of the gateway's
     * @param clientLineLength the longest request line a client may send; likewise for an answer's status line
     */
    BackendClients(Vertx vertx, TlsConfigurationRegistry tls, EndpointsFactory endpoints,
            @ConfigProperty(name = "quarkus.http.limits.max-header-size") MemorySize clientHeaderSize,
            @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length") int clientLineLength) {
        this.vertx = vertx;
        this.tls = tls;
        this.endpoints = endpoints;
        this.maxHeaderSize = (int) Math.max(HttpClientOptions.DEFAULT_MAX_HEADER_SIZE,
                Math.min(Integer.MAX_VALUE, clientHeaderSize.asLongValue()));
        this.maxInitialLineLength = Math.max(HttpClientOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH, clientLineLength);
    }

    /**
     * @param prefix the backend's configuration prefix, e.g. {@code control-api}, for messages
     * @throws ConfigValidationException if the configured pool is smaller than the bulkhead, or the TLS
     *         configuration it names does not exist
     */
    public BackendClient create(String service, String prefix, BackendConfig config) {
        int pool = config.connectionPoolSize().orElse(config.maxConcurrent());
        if (pool < config.maxConcurrent()) {
            throw InvalidSetting.of(prefix + ".connection-pool-size must be at least " + prefix + ".max-concurrent ("
                    + config.maxConcurrent() + "), but was " + pool);
        }
        List<BackendAddress> addresses = BackendAddress.listOf(config.url());
        BackendAddress address = addresses.get(0);
        HttpClientOptions options = new HttpClientOptions()
                .setName(prefix)
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxInitialLineLength(maxInitialLineLength)
                .setConnectTimeout(config.timeout() * 1000)
                // each attempt's client span is the proxy's (io.breakwater.tracing.AttemptSpan), which knows what the
                // breaker did with it
                .setTracingPolicy(TracingPolicy.IGNORE);
        if (address.secure()) {
            options.setSsl(true).setForceSni(true);
            tlsConfiguration(prefix, config.tlsConfigurationName())
                    .ifPresent(configuration -> TlsConfigUtils.configure(options, configuration));
        }
        BackendClient client = new BackendClient(() -> vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(pool))
                .withConnectHandler(connection -> BackendCodec.install(connection, options))
                .build(), address, endpoints.create(service, prefix, addresses.stream()
                        .map(each -> SocketAddress.inetSocketAddress(each.port(), each.host())).toList(),
                        address.secure(), config),
                config.discovery() == EndpointsConfig.Discovery.DNS);
        clients.add(client);
        return client;
    }

    private Optional<TlsConfiguration> tlsConfiguration(String prefix, Optional<String> name) {
        try {
            return TlsConfiguration.from(tls, name);
        } catch (IllegalStateException e) {
            throw InvalidSetting.of(prefix + ".tls-configuration-name names no TLS configuration (quarkus.tls."
                    + name.orElse("") + ".*): " + e.getMessage());
        }
    }


    @PreDestroy
    void close() {
        clients.forEach(BackendClient::close);
    }
}

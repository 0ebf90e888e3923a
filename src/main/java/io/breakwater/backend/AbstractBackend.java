package io.breakwater.backend;

import io.breakwater.retry.RetryPolicy;
import io.vertx.core.Future;

/**
 * What every backend has but its breaker: its route key, breaker name, configuration and client. A backend extends
 * this and adds only its {@link #call} with the fault tolerance annotations, which SmallRye keys by bean class and
 * method and so cannot be shared. Its configuration prefix is its class's simple name in kebab case
 * ({@link BreakerSettings}).
 */
public abstract class AbstractBackend implements Backend {

    private final String route;
    private final String breakerName;
    private final BackendConfig config;
    private final BackendClient client;
    private final RetryPolicy retries;

    /**
     * @param config the backend's settings, a {@code @ConfigMapping} under the prefix its class name gives
     * @throws io.smallrye.config.ConfigValidationException if that prefix is not the one its class name gives, or the
     *         settings contradict each other
     */
    protected AbstractBackend(String route, String breakerName, BackendConfig config, BackendClients clients) {
        Class<?> declaration = declaration(getClass());
        String prefix = BreakerSettings.prefixOf(declaration);
        BreakerSettings.verify(declaration, config);
        BreakerSettings.verifyPairs(prefix, config);
        this.route = route;
        this.breakerName = breakerName;
        this.config = config;
        this.client = clients.create(breakerName, prefix, config);
        this.retries = new RetryPolicy(config);
    }

    /** The backend's own class: CDI may run a subclass of it that adds the fault tolerance interceptors. */
    private static Class<?> declaration(Class<?> type) {
        return type.getSuperclass() == AbstractBackend.class ? type : declaration(type.getSuperclass());
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public String breakerName() {
        return breakerName;
    }

    @Override
    public BackendConfig config() {
        return config;
    }

    @Override
    public BackendClient client() {
        return client;
    }

    @Override
    public RetryPolicy retries() {
        return retries;
    }

    /**
     * Sends the call on this backend's client: what a backend's {@link #call} does beneath its breaker.
     */
    protected Future<CallOutcome> send(BackendCall call) {
        return call.send(client);
    }
}

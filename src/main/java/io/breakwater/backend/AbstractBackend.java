package io.breakwater.backend;

/**
 * What every backend bean has but its breaker: its route key, breaker name, configuration and client. A backend
 * extends this and adds only its {@link #call} with the fault tolerance annotations, which SmallRye keys by bean
 * class and method and so cannot be shared.
 */
public abstract class AbstractBackend implements Backend {

    private final String route;
    private final String breakerName;
    private final BackendConfig config;
    private final BackendClient client;

    protected AbstractBackend(String route, String breakerName, String configPrefix, BackendConfig config,
            BackendClients clients) {
        this.route = route;
        this.breakerName = breakerName;
        this.config = config;
        this.client = clients.create(configPrefix, config);
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
}

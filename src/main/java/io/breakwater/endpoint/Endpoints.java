package io.breakwater.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.stork.api.Service;
import io.smallrye.stork.api.ServiceInstance;

/**
 * A backend's endpoints, as SmallRye Stork finds and balances them, and the ones set aside: an endpoint that fails
 * {@code eject-after} attempts in a row is ejected for a while, as Envoy's outlier detection does, never more of
 * them at once than {@code max-ejected-percent}, and never the only one. Stork has discovery and load balancers but
 * no passive ejection, so that is kept here, and Stork is given only the endpoints that serve.
 * <p>
 * The endpoints found last are kept, so that choosing one for a call never waits: discovery runs on a timer
 * ({@link #refresh}), every {@code discovery-refresh} for DNS.
 */
public final class Endpoints {

    private static final Logger LOG = Logger.getLogger(Endpoints.class);

    private final String service;
    private final Service stork;
    /** Where the endpoints are found: the Stork service itself, or with DNS one for A and one for AAAA records. */
    private final List<Service> discoveries;
    private final EndpointsConfig config;
    private final boolean secure;
    private final Consumer<EndpointEvent> events;
    private final Map<String, Endpoint> byLabel = new ConcurrentHashMap<>();

    /** Whether endpoints that appear or disappear are told of; not while the backend is being made. */
    private volatile boolean announcing;
    /** What discovery found last, each instance with its endpoint. */
    private volatile Found found = new Found(List.of(), List.of());

    private record Found(List<ServiceInstance> instances, List<Endpoint> endpoints) {
    }

    /**
     * @param events told of endpoints appearing, disappearing, ejected and returned, on the thread that saw it
     */
    Endpoints(String service, Service stork, List<Service> discoveries, EndpointsConfig config, boolean secure,
            Consumer<EndpointEvent> events) {
        this.service = service;
        this.stork = stork;
        this.discoveries = List.copyOf(discoveries);
        this.config = config;
        this.secure = secure;
        this.events = events;
    }

    public String service() {
        return service;
    }

    /** The endpoints discovery found last. */
    public List<Endpoint> all() {
        return found.endpoints;
    }

    /** Whether a call that failed on one endpoint has another to go to. */
    public boolean several() {
        return found.instances.size() > 1;
    }

    /** What each endpoint shows now, for the health endpoint. */
    public List<Endpoint.View> views() {
        return found.endpoints.stream().map(Endpoint::view).toList();
    }

    /**
     * Chooses the endpoint for an attempt among those serving, with the backend's load balancer, and counts it in
     * flight until the attempt {@linkplain Attempt#release ends}.
     *
     * @param avoid the endpoint a failed attempt of the same call went to, or {@code null} for a first attempt
     * @return the attempt, or {@code null} if there is no endpoint (discovery found none) or none but {@code avoid}
     */
    public Attempt choose(Endpoint avoid) {
        Found now = found;
        List<ServiceInstance> instances = now.instances;
        if (instances.size() == 1) {
            return avoid == null ? new Attempt(this, now.endpoints.get(0), null) : null;
        }
        if (instances.isEmpty()) {
            return null;
        }
        List<ServiceInstance> candidates = candidates(now, avoid, true);
        if (candidates.isEmpty()) {
            // every other endpoint ejected: one that is beats none
            candidates = candidates(now, avoid, false);
            if (candidates.isEmpty()) {
                return null;
            }
        }
        ServiceInstance chosen = stork.selectInstanceAndRecordStart(candidates, false);
        Endpoint endpoint = byLabel.get(label(chosen));
        return endpoint == null ? null : new Attempt(this, endpoint, chosen);
    }

    private static List<ServiceInstance> candidates(Found now, Endpoint avoid, boolean servingOnly) {
        boolean all = avoid == null;
        if (servingOnly) {
            for (Endpoint endpoint : now.endpoints) {
                all &= !endpoint.ejected();
            }
        }
        if (all) {
            return now.instances;
        }
        List<ServiceInstance> candidates = new ArrayList<>(now.instances.size());
        for (int i = 0; i < now.instances.size(); i++) {
            Endpoint endpoint = now.endpoints.get(i);
            if (endpoint != avoid && !(servingOnly && endpoint.ejected())) {
                candidates.add(now.instances.get(i));
            }
        }
        return candidates;
    }

    /** Counts a good attempt of the endpoint. */
    void succeeded(Endpoint endpoint) {
        endpoint.succeeded();
    }

    /** Counts a failed attempt of the endpoint, and ejects it if it failed too often in a row and may go. */
    void failed(Endpoint endpoint) {
        int inRow = endpoint.failed();
        if (inRow < config.ejectAfter() || endpoint.ejected()) {
            return;
        }
        Instant until;
        synchronized (this) {
            List<Endpoint> endpoints = found.endpoints;
            if (endpoint.ejected() || !endpoints.contains(endpoint)
                    || endpoints.stream().filter(Endpoint::ejected).count() >= mayBeEjected(endpoints.size())) {
                return;
            }
            until = endpoint.eject(Instant.now(), config);
        }
        LOG.warnf("%s endpoint %s ejected until %s after %d failures in a row", service, endpoint.label(), until,
                inRow);
        events.accept(new EndpointEvent(endpoint, EndpointEvent.Kind.EJECTED, Instant.now(), until));
    }

    private int mayBeEjected(int endpoints) {
        if (endpoints < 2 || config.maxEjectedPercent() == 0) {
            return 0;
        }
        return Math.max(1, endpoints * config.maxEjectedPercent() / 100);
    }

    /**
     * Serves the endpoints whose ejection is over again, and takes what discovery finds now: called every second.
     */
    void refresh() {
        Instant now = Instant.now();
        for (Endpoint endpoint : found.endpoints) {
            if (endpoint.returnIfDue(now)) {
                LOG.infof("%s endpoint %s serves again", service, endpoint.label());
                events.accept(new EndpointEvent(endpoint, EndpointEvent.Kind.RETURNED, now, null));
            }
        }
    }

    /**
     * From now on, endpoints that appear or disappear are told of; those found before are there to be read
     * ({@link #all}).
     */
    void announce() {
        announcing = true;
    }

    /**
     * Asks discovery for the endpoints now; Stork's DNS discovery answers from its cache until it is due. If any of
     * its questions fails (A or AAAA records), the endpoints found before stay.
     */
    void discover() {
        Uni<List<ServiceInstance>> all = discoveries.size() == 1 ? discoveries.get(0).getInstances()
                : Uni.join().all(discoveries.stream().map(Service::getInstances).toList()).andFailFast()
                        .map(lists -> lists.stream().flatMap(List::stream).toList());
        all.subscribe().with(this::found,
                failure -> LOG.warnf("%s: endpoint discovery failed, keeping the %d endpoints found before: %s",
                        service, found.endpoints.size(), failure.toString()));
    }

    private synchronized void found(List<ServiceInstance> instances) {
        List<Endpoint> endpoints = new ArrayList<>(instances.size());
        for (ServiceInstance instance : instances) {
            endpoints.add(byLabel.computeIfAbsent(label(instance), label -> {
                Endpoint endpoint = new Endpoint(service, instance.getHost(), instance.getPort(), secure);
                if (announcing) {
                    events.accept(new EndpointEvent(endpoint, EndpointEvent.Kind.APPEARED, Instant.now(), null));
                }
                return endpoint;
            }));
        }
        Collection<Endpoint> gone = new ArrayList<>(byLabel.values());
        gone.removeAll(endpoints);
        for (Endpoint endpoint : gone) {
            byLabel.remove(endpoint.label());
            if (announcing) {
                events.accept(new EndpointEvent(endpoint, EndpointEvent.Kind.DISAPPEARED, Instant.now(), null));
            }
        }
        if (!gone.isEmpty() || endpoints.size() != found.endpoints.size()) {
            LOG.infof("%s endpoints: %s", service, endpoints.stream().map(Endpoint::label).toList());
        }
        found = new Found(List.copyOf(instances), List.copyOf(endpoints));
    }

    private static String label(ServiceInstance instance) {
        return Endpoint.authority(instance.getHost(), instance.getPort());
    }

    /**
     * One attempt of a call on one endpoint: counted in flight for the load balancer until released, and counted for
     * the endpoint's ejection once, as a success or a failure.
     */
    public static final class Attempt {

        private final Endpoints endpoints;
        private final Endpoint endpoint;
        /** Stork's instance with its in-flight count, or {@code null} when there was no choice to make. */
        private final ServiceInstance inFlight;
        private boolean counted;
        private boolean released;

        Attempt(Endpoints endpoints, Endpoint endpoint, ServiceInstance inFlight) {
            this.endpoints = endpoints;
            this.endpoint = endpoint;
            this.inFlight = inFlight;
        }

        public Endpoint endpoint() {
            return endpoint;
        }

        /** The endpoint answered with a head that is not a failure. */
        public void succeeded() {
            if (!counted) {
                counted = true;
                endpoints.succeeded(endpoint);
            }
        }

        /** The endpoint failed the attempt: 5xx, refused, reset, timed out or slow. */
        public void failed() {
            if (!counted) {
                counted = true;
                endpoints.failed(endpoint);
            }
        }

        /** The attempt is over: the endpoint no longer has it in flight. */
        public void release() {
            if (!released) {
                released = true;
                if (inFlight != null) {
                    inFlight.recordEnd(null);
                }
            }
        }
    }
}

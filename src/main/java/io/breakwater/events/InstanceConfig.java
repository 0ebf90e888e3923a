package io.breakwater.events;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * This replica's identity.
 */
@ConfigMapping(prefix = "gateway.instance")
public interface InstanceConfig {

    /**
     * Name of this replica in events and in the cluster view. Defaults to {@code HOSTNAME}, which Kubernetes sets to
     * the pod name, else a generated name.
     */
    Optional<String> id();
}

package io.breakwater.events;

import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

/**
 * This replica's name: {@code gateway.instance.id}, else {@code HOSTNAME}, else {@code breakwater-<random>}.
 */
@Singleton
public class InstanceId {

    private final String value;

    InstanceId(InstanceConfig config) {
        this.value = config.id().filter(id -> !id.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")).filter(id -> !id.isBlank()))
                .orElseGet(() -> "breakwater-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String value() {
        return value;
    }
}

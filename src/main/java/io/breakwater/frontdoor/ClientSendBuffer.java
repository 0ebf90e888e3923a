package io.breakwater.frontdoor;

import jakarta.inject.Singleton;

import io.breakwater.InvalidSetting;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Gives every client connection a fixed kernel send buffer ({@code gateway.front-door.send-buffer}) instead of one the
 * kernel grows while the client does not read: what a slow reader holds is then bounded in the kernel as the write
 * queue bounds it in the gateway.
 */
@Singleton
class ClientSendBuffer implements HttpServerOptionsCustomizer {

    /** Below one page the kernel rounds up anyway, and writes would go out a few bytes at a time. */
    private static final long SMALLEST = 4 * 1024;
    private static final long LARGEST = 1024 * 1024 * 1024;

    private final int bytes;

    ClientSendBuffer(FrontDoorConfig config) {
        long configured = config.sendBuffer().asLongValue();
        if (configured < SMALLEST || configured > LARGEST) {
            throw InvalidSetting.of("gateway.front-door.send-buffer must be between 4K and 1G, but was " + configured
                    + " bytes");
        }
        this.bytes = (int) configured;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setSendBufferSize(bytes);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setSendBufferSize(bytes);
    }
}

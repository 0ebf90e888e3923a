package io.breakwater.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * A backend's answer, read in full.
 */
public record BackendResponse(int status, MultivaluedMap<String, String> headers, byte[] body) {

    private static final byte[] EMPTY = new byte[0];

    static BackendResponse of(Response response) {
        byte[] body = response.hasEntity() ? read(response.readEntity(InputStream.class)) : EMPTY;
        return new BackendResponse(response.getStatus(), response.getStringHeaders(), body);
    }

    /**
     * The REST client has the whole body in memory when it hands it over: read it into an array of its size, rather
     * than through {@code readAllBytes}, which allocates 16 KB buffers for any body however small.
     */
    private static byte[] read(InputStream entity) {
        if (entity == null) {
            return EMPTY;
        }
        try (entity) {
            byte[] body = new byte[entity.available()];
            int read = entity.readNBytes(body, 0, body.length);
            if (read < body.length) {
                body = Arrays.copyOf(body, read);
            }
            int next = entity.read();
            if (next < 0) {
                return body;
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream(body.length + 1024);
            whole.write(body);
            whole.write(next);
            entity.transferTo(whole);
            return whole.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isServerError() {
        return status >= 500;
    }
}

package io.breakwater.backend;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * A backend's answer, read in full.
 */
public record BackendResponse(int status, MultivaluedMap<String, String> headers, byte[] body) {

    private static final byte[] EMPTY = new byte[0];

    static BackendResponse of(Response response) {
        byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : EMPTY;
        return new BackendResponse(response.getStatus(), response.getStringHeaders(), body == null ? EMPTY : body);
    }

    public boolean isServerError() {
        return status >= 500;
    }
}

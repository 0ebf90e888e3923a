package io.breakwater.backend;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * One request on its way to a backend.
 *
 * @param method HTTP method, upper case
 * @param target absolute URL at the backend, query string included as the client sent it
 * @param headers end-to-end headers to send
 * @param body request body, or {@code null} when the method carries none
 */
public record BackendRequest(String method, String target, MultivaluedMap<String, String> headers, byte[] body) {
}

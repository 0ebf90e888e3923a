package io.breakwater.backend;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

/**
 * The head of one request on its way to a backend; its body, if any, streams separately.
 *
 * @param method HTTP method
 * @param pathAndQuery raw path below the backend's base URL (empty or starting with {@code /}) and query string, as
 *        the client sent them
 * @param headers end-to-end headers to send, the gateway's {@code X-Forwarded-*} included
 */
public record BackendRequest(HttpMethod method, String pathAndQuery, MultiMap headers) {
}

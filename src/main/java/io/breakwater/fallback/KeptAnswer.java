package io.breakwater.fallback;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A backend's answer as the stale cache keeps it: whole, to be sent again as it was.
 *
 * @param headers the answer's headers, hop-by-hop ones included (they are dropped when it is sent)
 */
public record KeptAnswer(int status, String statusMessage, MultiMap headers, Buffer body) {
}

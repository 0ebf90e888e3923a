package io.breakwater.fallback;

import java.util.List;
import java.util.Map;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A copy of an answer's body made while it streams to the client, kept as a stale fallback if the whole answer
 * arrives within the size that was reserved for it. Either {@link #keep} or {@link #discard} ends it.
 */
public final class StaleCopy {

    private final StaleCache cache;
    private final StaleCache.Key key;
    private final int status;
    private final String statusMessage;
    private final MultiMap headers;
    private final Map<String, List<String>> vary;
    private final long reserved;
    private Buffer body;
    private boolean ended;

    StaleCopy(StaleCache cache, StaleCache.Key key, int status, String statusMessage, MultiMap headers,
            Map<String, List<String>> vary, long reserved, int expectedLength) {
        this.cache = cache;
        this.key = key;
        this.status = status;
        this.statusMessage = statusMessage;
        this.headers = headers;
        this.vary = vary;
        this.reserved = reserved;
        this.body = Buffer.buffer(expectedLength);
    }

    /** Adds a chunk of the body; past the reserved size the copy is given up. */
    public void append(Buffer chunk) {
        if (body == null) {
            return;
        }
        if (body.length() + chunk.length() > reserved) {
            body = null;
        } else {
            body.appendBuffer(chunk);
        }
    }

    /** The whole answer went through: keeps it, unless it outgrew the reserved size. */
    public void keep() {
        if (!ended && body != null) {
            cache.keep(key, new KeptAnswer(status, statusMessage, headers, body), vary);
        }
        discard();
    }

    /** The answer did not go through whole: forgets the copy. */
    public void discard() {
        if (!ended) {
            ended = true;
            body = null;
            cache.release(reserved);
        }
    }
}

package io.breakwater.breaker;

import java.time.Instant;

/**
 * A reason to refuse calls to a backend whatever its own breaker says, until a given time: another replica's
 * breaker for it is open (shared breaking) or sends the trial call ({@code ClusterTrial}), an open period backs off
 * ({@link OpenBackoff}), an open window from before a restart ({@code OpenWindowRestore}), or an operator forced it
 * open.
 *
 * @param until when the hold ends by itself
 * @param source who holds it, e.g. {@code replica:breakwater-7d9f-abcde}; a source holds at most one hold per breaker
 * @param reason why, in words for operators
 */
public record BreakerHold(Instant until, String source, String reason) {
}

package io.breakwater.overload;

/**
 * Memory in use at one moment, and the most there may be; a maximum of 0 means it is not known.
 *
 * @param heapUsed bytes of the long-lived heap still in use after its last collection
 * @param heapMax the most the long-lived heap may hold
 * @param directUsed bytes of direct memory (network buffers) in use
 * @param directMax the most direct memory there may be
 */
public record MemoryUse(long heapUsed, long heapMax, long directUsed, long directMax) {

    /** @return the share of the long-lived heap in use, 0 to 1 */
    public double heapShare() {
        return share(heapUsed, heapMax);
    }

    /** @return the share of direct memory in use, 0 to 1 */
    public double directShare() {
        return share(directUsed, directMax);
    }

    private static double share(long used, long max) {
        return max <= 0 ? 0 : Math.min(1, (double) Math.max(0, used) / max);
    }
}

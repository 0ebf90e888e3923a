package io.breakwater.overload;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;

import io.netty.util.internal.PlatformDependent;

/**
 * Reads how much memory is in use, from the JVM's own pools (also in the native executable):
 * <ul>
 * <li>the heap: its long-lived pool (the old or tenured generation) as the last collection of that pool left it,
 * which is what the gateway really holds; what the young generation and garbage awaiting collection take comes and
 * goes with every request, and an {@code OutOfMemoryError} comes when the long-lived pool stays full after it was
 * collected. Without such a pool, the whole heap as it is;</li>
 * <li>direct memory: Java's {@code direct} buffer pool, where Netty keeps the network buffers, against the most Netty
 * may use ({@code -XX:MaxDirectMemorySize}).</li>
 * </ul>
 */
final class MemoryGauge {

    private final MemoryPoolMXBean longLived;
    private final BufferPoolMXBean direct;
    private final long directMax;

    MemoryGauge() {
        this.longLived = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && isLongLived(pool.getName()))
                .findFirst().orElse(null);
        this.direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> "direct".equals(pool.getName()))
                .findFirst().orElse(null);
        this.directMax = PlatformDependent.maxDirectMemory();
    }

    MemoryUse read() {
        long heapUsed;
        long heapMax;
        MemoryUsage afterCollection = longLived == null ? null : longLived.getCollectionUsage();
        if (afterCollection != null && longLived.getUsage().getMax() > 0) {
            heapUsed = afterCollection.getUsed();
            heapMax = longLived.getUsage().getMax();
        } else {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            heapUsed = heap.getUsed();
            heapMax = heap.getMax() > 0 ? heap.getMax() : Runtime.getRuntime().maxMemory();
        }
        return new MemoryUse(heapUsed, heapMax, direct == null ? 0 : direct.getMemoryUsed(),
                direct == null ? 0 : directMax);
    }

    /** Names the long-lived pool has under HotSpot's collectors and in the native executable. */
    private static boolean isLongLived(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("old") || lower.contains("tenured");
    }
}

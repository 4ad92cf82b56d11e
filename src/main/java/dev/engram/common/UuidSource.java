package dev.engram.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Random;
import java.util.UUID;

/**
 * Where every server-made UUID comes from. Normally random; in mock mode it can be seeded (see
 * {@code dev.engram.mock.Determinism}) so that the same calls produce the same UUIDs.
 */
@ApplicationScoped
public class UuidSource {

    private volatile Random seeded;

    public UUID next() {
        Random random = seeded;
        if (random == null) {
            return UUID.randomUUID();
        }
        synchronized (random) {
            return version4(random.nextLong(), random.nextLong());
        }
    }

    /** From now on (and until {@link #useRandom()}) produce the sequence of this seed. */
    public void seed(long seed) {
        seeded = new Random(seed);
    }

    public void useRandom() {
        seeded = null;
    }

    /** A UUID that depends only on the seed and the purpose (e.g. the installation's project UUID). */
    public static UUID derived(long seed, String purpose) {
        Random random = new Random(seed * 31 + purpose.hashCode());
        return version4(random.nextLong(), random.nextLong());
    }

    /** Stamps the version (4, random) and IETF variant bits, as {@link UUID#randomUUID()} does. */
    private static UUID version4(long msb, long lsb) {
        msb = (msb & ~0xF000L) | 0x4000L;
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}

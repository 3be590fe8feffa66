package dev.flinkyomo.yomo;

import dev.flinkyomo.annotation.PublicEvolving;

import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids in the shape YoMo makes them (nanoid: 21 URL-safe characters), for client ids and transaction
 * ids.
 */
@PublicEvolving
public final class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-".toCharArray();
    private static final int LENGTH = 21;
    private static final SecureRandom SECURE = new SecureRandom();

    private Ids() {}

    /**
     * A client id: from a {@link SecureRandom}, since a zipper keys connections by it and a
     * guessable one could be taken over.
     */
    public static String newClientId() {
        return newId(SECURE);
    }

    /**
     * A transaction id, made per frame where a record has none: from {@link ThreadLocalRandom}, as
     * it only needs to be distinct and is made on the hot path, by many threads.
     */
    public static String newTid() {
        return newId(ThreadLocalRandom.current());
    }

    private static String newId(Random random) {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}

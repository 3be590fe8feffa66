package dev.flinkyomo.wasm.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CompileCacheTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<String> discarded = new ArrayList<>();
    private final CompileCache<String> cache = new CompileCache<>("test", discarded::add, 2);

    private String get(String key) {
        return cache.get(key, key, TIMEOUT, System.nanoTime(), () -> new String("compiled " + key));
    }

    @Test
    void sameKeyCompilesOnce() {
        String first = get("a");
        assertThat(get("a")).isSameAs(first);
        assertThat(get("b")).isNotSameAs(first).isEqualTo("compiled b");
    }

    @Test
    void evictsTheLeastRecentlyUsedFinishedEntryOverTheBound() {
        String a = get("a");
        get("b");
        get("a"); // b is now the least recently used
        get("c");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(discarded).containsExactly("compiled b");
        assertThat(get("a")).isSameAs(a);
        assertThat(get("b")).isEqualTo("compiled b"); // compiled again; evicts c
        assertThat(discarded).containsExactly("compiled b", "compiled c");
    }

    @Test
    void neverEvictsACompileInProgress() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread slow =
                new Thread(
                        () ->
                                cache.get(
                                        "slow",
                                        "slow",
                                        TIMEOUT,
                                        System.nanoTime(),
                                        () -> {
                                            started.countDown();
                                            await(release);
                                            return "compiled slow";
                                        }));
        slow.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        get("a");
        get("b"); // over the bound: a goes, slow stays
        assertThat(discarded).containsExactly("compiled a");
        release.countDown();
        slow.join();
        assertThat(cache.size()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

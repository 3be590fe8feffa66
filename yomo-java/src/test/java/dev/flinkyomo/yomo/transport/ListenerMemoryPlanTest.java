package dev.flinkyomo.yomo.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerMemoryPlanTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void theDefaultsFitTheirBudgetWithAWindowOfAboutOneHundredTenKib() {
        ListenerOptions o = ListenerOptions.builder().build();
        ListenerMemoryPlan plan = ListenerMemoryPlan.of(o, 16 * MIB);

        assertThat(plan.queueBytes()).as("queue limit + one frame beyond it").isEqualTo(32 * MIB);
        assertThat(plan.frameMemory()).as("a quarter of the budget").isEqualTo(128 * MIB);
        assertThat(plan.connections()).as("1,024 authenticated + 256 pending").isEqualTo(1280);
        assertThat(plan.streamWindow()).isEqualTo(111_411);
        assertThat(plan.worstCase()).isLessThanOrEqualTo(o.memoryBudget());
    }

    @Test
    void aConfiguredWindowBelowWhatTheBudgetAllowsIsKept() {
        ListenerOptions o = ListenerOptions.builder().streamWindow(4096).build();
        assertThat(ListenerMemoryPlan.of(o, 16 * MIB).streamWindow()).isEqualTo(4096);
    }

    @Test
    void aBudgetTooSmallForItsConnectionsIsRefusedWithTheNumbers() {
        ListenerOptions o =
                ListenerOptions.builder()
                        .name("edge")
                        .memoryBudget(64 * MIB)
                        .maxConnections(10_000)
                        .build();
        assertThatThrownBy(() -> ListenerMemoryPlan.of(o, 16 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge: a memory budget of 67108864 bytes cannot serve 10256")
                .hasMessageContaining("raise the memory budget to at least 1058537472 bytes");
    }

    @Test
    void aQueueBoundedByCountOnlyIsOutsideTheBudget() {
        ListenerOptions o = ListenerOptions.builder().build();
        assertThat(ListenerMemoryPlan.of(o, Long.MAX_VALUE).queueBytes()).isZero();
    }

    @Test
    void grantsStopAtTheLimitAndAGiveBackWakesTheWaiters() {
        ListenerMemory m = new ListenerMemory(100);
        assertThat(m.tryGrant(60)).isTrue();
        assertThat(m.tryGrant(50)).as("60 + 50 > 100").isFalse();
        assertThat(m.held()).isEqualTo(60);

        List<String> woken = new ArrayList<>();
        m.whenAvailable(50, () -> woken.add("waiter"));
        assertThat(woken).as("no room yet").isEmpty();
        m.whenAvailable(40, () -> woken.add("fits now"));
        assertThat(woken).containsExactly("fits now");

        m.charge(-60);
        assertThat(woken).containsExactly("fits now", "waiter");
        assertThat(m.tryGrant(50)).isTrue();
        m.charge(80); // held frames are charged whatever the limit
        assertThat(m.held()).isEqualTo(130);
        assertThat(m.tryGrant(1)).isFalse();
    }
}

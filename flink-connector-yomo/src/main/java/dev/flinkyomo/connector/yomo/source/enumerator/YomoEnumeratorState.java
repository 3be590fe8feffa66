package dev.flinkyomo.connector.yomo.source.enumerator;

import org.apache.flink.annotation.Internal;

import java.util.Set;
import java.util.TreeSet;

/** Which subtasks currently own their split. */
@Internal
public record YomoEnumeratorState(Set<Integer> assignedSubtasks) {

    public YomoEnumeratorState {
        assignedSubtasks = Set.copyOf(new TreeSet<>(assignedSubtasks));
    }
}

package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The transitions that {@link Task.Lifecycle} and {@link Generator.State} allow are exactly the ones
 * drawn on them (the checks at each transition use these tables).
 */
class StateDrawingsTest {
    @Test
    void taskLifecycleAllowsOnlyTheDrawnTransitions() {
        for (Task.Lifecycle from : Task.Lifecycle.values()) {
            Set<Task.Lifecycle> allowed = EnumSet.noneOf(Task.Lifecycle.class);
            for (Task.Lifecycle to : Task.Lifecycle.values()) {
                if (from.canMoveTo(to)) {
                    allowed.add(to);
                }
            }
            Set<Task.Lifecycle> drawn = switch (from) {
                case NEW -> EnumSet.of(Task.Lifecycle.RUNNING, Task.Lifecycle.ENDED);
                case RUNNING -> EnumSet.of(Task.Lifecycle.SUSPENDED, Task.Lifecycle.ENDED);
                case SUSPENDED -> EnumSet.of(Task.Lifecycle.RUNNING);
                case ENDED -> EnumSet.noneOf(Task.Lifecycle.class);
            };
            assertThat(allowed).as("from " + from).isEqualTo(drawn);
        }
    }

    @Test
    void generatorStateAllowsOnlyTheDrawnTransitions() {
        for (Generator.State from : Generator.State.values()) {
            Set<Generator.State> allowed = EnumSet.noneOf(Generator.State.class);
            for (Generator.State to : Generator.State.values()) {
                if (from.canMoveTo(to)) {
                    allowed.add(to);
                }
            }
            Set<Generator.State> drawn = switch (from) {
                case CREATED -> EnumSet.of(Generator.State.ACTIVE, Generator.State.CLOSED);
                case ACTIVE -> EnumSet.of(Generator.State.EXHAUSTED, Generator.State.CLOSED);
                case CLOSED, EXHAUSTED -> EnumSet.noneOf(Generator.State.class);
            };
            assertThat(allowed).as("from " + from).isEqualTo(drawn);
        }
    }
}

package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loop's ready queue: first in, first out, across wrap-arounds and growth (issue 14, round 7). */
class ReadyQueueTest {
    @Test
    void anEmptyQueueHasNothingToPollOrPeek() {
        ReadyQueue q = new ReadyQueue();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.poll()).isNull();
        assertThat(q.peek()).isNull();
        assertThat(q.size()).isZero();
    }

    @Test
    void aQueueThatGrowsWhileItsElementsWrapAroundKeepsThemInOrder() {
        ReadyQueue q = new ReadyQueue();
        for (int i = 0; i < 10; i++) {
            q.add(-1 - i);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(q.poll()).isEqualTo(-1 - i);
        }
        // head is now at slot 10 of 16: the next 15 fill the ring, wrapping around, and the 16th grows it
        for (int i = 0; i < 40; i++) {
            q.add(i);
        }
        assertThat(q.size()).isEqualTo(40);
        assertThat(q.peek()).isEqualTo(0);
        for (int i = 0; i < 40; i++) {
            assertThat(q.poll()).as("element %d", i).isEqualTo(i);
        }
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void anyMixOfAddsAndPollsGivesWhatAnArrayDequeGives() {
        Random random = new Random(14);
        ReadyQueue q = new ReadyQueue();
        ArrayDeque<Integer> oracle = new ArrayDeque<>();
        for (int op = 0; op < 200_000; op++) {
            // phases that fill and phases that drain, so the ring both grows and wraps many times
            boolean filling = (op / 5_000) % 2 == 0;
            if (random.nextInt(10) < (filling ? 7 : 3)) {
                q.add(op);
                oracle.add(op);
            } else {
                assertThat(q.poll()).as("poll at op %d", op).isEqualTo(oracle.poll());
            }
            assertThat(q.size()).isEqualTo(oracle.size());
            assertThat(q.peek()).isEqualTo(oracle.peek());
        }
    }
}

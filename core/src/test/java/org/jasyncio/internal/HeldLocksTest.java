package org.jasyncio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** What the JVM lets jasyncio see of locks: held ones on a platform thread, awaited ones on any thread. */
class HeldLocksTest {
    @Test
    void aPlatformThreadsMonitorsAndReentrantLocksAreListed() {
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        Thread me = Thread.currentThread();
        assertThat(me.isVirtual()).isFalse();
        lock.lock();
        try {
            synchronized (monitor) {
                assertThat(HeldLocks.heldBy(me))
                        .anySatisfy(l -> assertThat(l).startsWith("java.lang.Object@"))
                        .anySatisfy(
                                l -> assertThat(l).startsWith("java.util.concurrent.locks.ReentrantLock$NonfairSync@"));
            }
        } finally {
            lock.unlock();
        }
        assertThat(HeldLocks.heldBy(me)).isEmpty();
    }

    @Test
    void aVirtualThreadsLocksCannotBeSeen() throws Exception {
        Object[] seen = {"unset"};
        Thread vt = Thread.ofVirtual().start(() -> seen[0] = HeldLocks.heldBy(Thread.currentThread()));
        vt.join();
        assertThat(seen[0]).isNull();
    }

    @Test
    void aThreadBlockedEnteringAMonitorOrWaitingForALockIsRecognized() throws Exception {
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        Thread blocked;
        synchronized (monitor) {
            blocked = Thread.ofVirtual().start(() -> {
                synchronized (monitor) {
                    monitor.hashCode();
                }
            });
            while (blocked.getState() != Thread.State.BLOCKED) {
                assertThat(blocked.isAlive()).isTrue();
                Thread.onSpinWait();
            }
            assertThat(HeldLocks.blockedOn(blocked)).isEqualTo("a monitor (synchronized)");
        }
        blocked.join();
        lock.lock();
        Thread waiting;
        try {
            waiting = Thread.ofPlatform().start(lock::lock);
            while (HeldLocks.blockedOn(waiting) == null) {
                assertThat(waiting.isAlive()).isTrue();
                Thread.onSpinWait();
            }
            assertThat(HeldLocks.blockedOn(waiting))
                    .startsWith("a java.util.concurrent lock (java.util.concurrent.locks.ReentrantLock");
        } finally {
            lock.unlock();
        }
        waiting.join();
        assertThat(HeldLocks.blockedOn(Thread.currentThread()))
                .as("a running thread waits for nothing")
                .isNull();
    }
}

package org.jasyncio.bench.kotlin

import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlin.time.Duration.Companion.nanoseconds

/**
 * Kotlin twins of jasyncio's JMH timer benchmarks (`org.jasyncio.bench.jmh.TimerBenchmarks`, issue 14):
 * looked up by a method handle there, since Kotlin is compiled after javac.
 */
object TimerTwins {
    /**
     * One coroutine per draw, each `delay`ing it, all joined, on one thread (`runBlocking`'s event
     * loop), on the real clock: the twin of `TimerBenchmarks.sleep100kRealClock` and of bench/compare's
     * timers workload. kotlinx rounds each delay up to whole milliseconds.
     */
    @JvmStatic
    fun delayAll(delaysNanos: LongArray): Int = oneThread {
        coroutineScope {
            for (d in delaysNanos) {
                launch { delay(d.nanoseconds) }
            }
        }
        delaysNanos.size
    }
}

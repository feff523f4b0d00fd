package org.jasyncio.bench.kotlin

import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import org.jasyncio.bench.Bench

/**
 * Timers: n coroutines, each `delay`ing its random 0-10 ms draw (the shared seeded draws). kotlinx
 * rounds a `Duration` up to whole milliseconds (its timers have millisecond resolution), so each
 * delay here is at most 1 ms longer than in the other runtimes; the total stays the 10 ms of the
 * longest draw plus the cost of running n timers.
 */
object Timers {
    @JvmStatic
    fun main(args: Array<String>) {
        Bench.main("kotlin", "timers", args) { n ->
            oneThread {
                val delays = Bench.timerDelaysNanos(n)
                val t0 = System.nanoTime()
                coroutineScope {
                    for (i in 0 until n) {
                        val d = delays[i].nanoseconds
                        launch { delay(d) }
                    }
                }
                Bench.since(t0)
            }
        }
    }
}

package org.jasyncio.bench.kotlin

import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield

/** Kotlin twins of jasyncio's JMH switch benchmarks (`org.jasyncio.bench.jmh.SwitchFloor`). */
object SwitchTwins {
    /** Two coroutines ping-pong through `yield()` on one thread (`runBlocking`): [n] switches in all. */
    @JvmStatic
    fun yieldPingPong(n: Int): Int = oneThread {
        coroutineScope {
            repeat(2) {
                launch {
                    repeat(n / 2) { yield() }
                }
            }
        }
        n
    }
}

package org.jasyncio.bench.kotlin

import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import org.jasyncio.bench.Bench

/** Sleepers: n coroutines that all `delay(1000)` at once; bench/compare also reads the peak RSS. */
object Sleepers {
    @JvmStatic
    fun main(args: Array<String>) {
        Bench.main("kotlin", "sleepers", args) { n ->
            oneThread {
                val t0 = System.nanoTime()
                coroutineScope {
                    repeat(n) {
                        launch { delay(1000) }
                    }
                }
                Bench.since(t0)
            }
        }
    }
}

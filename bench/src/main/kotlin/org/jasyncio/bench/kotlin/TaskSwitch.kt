package org.jasyncio.bench.kotlin

import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import org.jasyncio.bench.Bench

/** Task switch: two coroutines ping-pong through `yield()` on one thread; n switches in all. */
object TaskSwitch {
    @JvmStatic
    fun main(args: Array<String>) {
        Bench.main("kotlin", "switch", args) { n ->
            oneThread {
                val t0 = System.nanoTime()
                coroutineScope {
                    repeat(2) {
                        launch {
                            repeat(n / 2) { yield() }
                        }
                    }
                }
                Bench.since(t0)
            }
        }
    }
}

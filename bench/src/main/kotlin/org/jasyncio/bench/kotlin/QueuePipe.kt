package org.jasyncio.bench.kotlin

import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import org.jasyncio.bench.Bench

/** Queue: one producer, one consumer coroutine, n items through a `Channel(100)`. */
object QueuePipe {
    @JvmStatic
    fun main(args: Array<String>) {
        Bench.main("kotlin", "queue", args) { n ->
            oneThread {
                val channel = Channel<Int>(100)
                val t0 = System.nanoTime()
                var total = 0L
                coroutineScope {
                    launch {
                        for (i in 0 until n) channel.send(i)
                    }
                    launch {
                        for (i in 0 until n) total += channel.receive()
                    }
                }
                val elapsed = Bench.since(t0)
                Bench.check(total == n.toLong() * (n - 1) / 2, "sum of items")
                elapsed
            }
        }
    }
}

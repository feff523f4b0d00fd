package org.jasyncio.bench.kotlin

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import org.jasyncio.bench.Bench

/** Spawn + gather: n `async` coroutines that each return their index, `awaitAll` in order. */
object SpawnGather {
    @JvmStatic
    fun main(args: Array<String>) {
        Bench.main("kotlin", "spawn-gather", args) { n ->
            oneThread {
                val t0 = System.nanoTime()
                val results = coroutineScope {
                    (0 until n).map { i -> async { i } }.awaitAll()
                }
                val elapsed = Bench.since(t0)
                Bench.check(results.size == n && results[n - 1] == n - 1, "gathered results")
                elapsed
            }
        }
    }
}

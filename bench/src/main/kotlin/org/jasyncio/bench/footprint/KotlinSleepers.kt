package org.jasyncio.bench.footprint

import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/** [Footprint] of Kotlin coroutines suspended in `delay` on one thread (`runBlocking`). */
object KotlinSleepers {
    @JvmStatic
    fun main(args: Array<String>) {
        val n = Footprint.count(args)
        val before = Footprint.before()
        runBlocking {
            val jobs = ArrayList<Job>(n)
            repeat(n) { jobs.add(launch { delay(3_600_000) }) }
            yield() // every coroutine runs to its delay and suspends
            Footprint.report("kotlin", n, before + n * 4L)
            jobs.forEach { it.cancel() }
        }
    }
}

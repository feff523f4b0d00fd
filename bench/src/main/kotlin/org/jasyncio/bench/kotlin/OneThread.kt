package org.jasyncio.bench.kotlin

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.runBlocking

/**
 * The Kotlin twin of "one event loop": [runBlocking] turns the calling thread into a single-threaded
 * event loop (kotlinx.coroutines' `BlockingEventLoop`) that runs every coroutine launched inside it,
 * resumes `yield()` and `Channel` waiters and fires `delay` timers from its own delayed-task heap.
 * No other thread runs a workload coroutine.
 */
internal fun <T> oneThread(body: suspend CoroutineScope.() -> T): T = runBlocking(block = body)

package org.jasyncio.bench.kotlin

import io.ktor.network.selector.SelectorManager
import io.ktor.network.sockets.Socket
import io.ktor.network.sockets.aSocket
import io.ktor.network.sockets.openReadChannel
import io.ktor.network.sockets.openWriteChannel
import io.ktor.utils.io.readAvailable
import io.ktor.utils.io.writeFully
import java.util.concurrent.Executors
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.jasyncio.bench.Bench

/**
 * TCP echo server on Ktor's raw sockets (ktor-network): a coroutine per connection reading up to
 * 100 KiB, writing it back and flushing. Everything runs on one thread: the connection coroutines
 * and Ktor's selector coroutine (`ActorSelectorManager`, which yields to every runnable coroutine
 * before it blocks in `Selector.select`) share one single-threaded dispatcher. Prints READY once
 * listening on 127.0.0.1:`--port`.
 */
object EchoServer {
    @JvmStatic
    fun main(args: Array<String>) {
        val port = Bench.intArg(args, "--port", 25000)
        val loop = Executors.newSingleThreadExecutor { r -> Thread(r, "loop") }.asCoroutineDispatcher()
        runBlocking(loop) {
            val selector = SelectorManager(loop)
            aSocket(selector).tcp().bind("127.0.0.1", port) { backlogSize = 128 }.use { server ->
                println("READY")
                System.out.flush()
                while (true) {
                    val socket = server.accept()
                    launch { serve(socket) }
                }
            }
        }
    }

    private suspend fun serve(socket: Socket) {
        socket.use {
            val input = socket.openReadChannel()
            val output = socket.openWriteChannel(autoFlush = false)
            val buf = ByteArray(102400)
            while (true) {
                val r = input.readAvailable(buf, 0, buf.size)
                if (r < 0) break
                output.writeFully(buf, 0, r)
                output.flush()
            }
        }
    }
}

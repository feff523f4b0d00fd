package org.jasyncio.diagnostics;

import java.util.List;

/**
 * The platform MBean {@value #OBJECT_NAME}: every live jasyncio event loop of this JVM and its tasks,
 * for {@code jasyncio ps PID} and {@code jasyncio pstree PID} (and any JMX client: JConsole, jcmd's
 * {@code ManagementAgent.start}, VisualVM). jasyncio registers it on a daemon thread when the JVM's
 * first loop is made, so a program needs no flag for it.
 *
 * <p>Each running loop answers on its own thread, between two callbacks; a loop whose callback does not
 * end within a few seconds is listed with one row saying so.
 */
public interface LoopsMXBean {
    /** The MBean's name. */
    String OBJECT_NAME = "org.jasyncio:type=Loops";

    /** Every live loop of this JVM, as its {@code toString()} ({@code <EventLoop-1 running ... tasks=3>}). */
    List<String> loops();

    /** Every task not done yet of every live loop, loop by loop. */
    List<TaskInfo> tasks();
}

package org.jasyncio;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.jasyncio.diagnostics.LoopsMXBean;
import org.jasyncio.diagnostics.TaskInfo;
import org.jasyncio.internal.StackFrames;

/**
 * Every live loop of the JVM, weakly held, and the {@link LoopsMXBean} that reports them. The first
 * loop made starts one daemon thread that registers a JFR listener at once and the MBean with the
 * platform MBean server once that server exists (see {@link #registerAll()}): the program's thread
 * pays one synchronized add to a weak set per loop, and one thread start per JVM.
 */
final class LoopRegistry implements LoopsMXBean {
    private static final System.Logger LOG = System.getLogger("org.jasyncio");
    /**
     * How often the registration thread looks whether the platform MBean server exists yet; {@code
     * jasyncio ps} waits ten seconds for the MBean after starting the JVM's JMX agent.
     */
    private static final long MBEAN_SERVER_POLL_MILLIS = 1_000;
    /** How long a running loop has to answer. */
    private static final long ANSWER_SECONDS = 3;
    /** Guarded by itself. */
    private static final Set<EventLoop> LOOPS = Collections.newSetFromMap(new WeakHashMap<>());

    private static boolean registering;

    /** Adds {@code loop}; the first call starts the MBean's registration. */
    static void add(EventLoop loop) {
        boolean first;
        synchronized (LOOPS) {
            LOOPS.add(loop);
            first = !registering;
            registering = true;
        }
        if (first) {
            Thread.ofPlatform()
                    .daemon()
                    .name("jasyncio-diagnostics-registration")
                    .start(LoopRegistry::registerAll);
        }
    }

    /**
     * The registration thread: the JFR listener at once (a few milliseconds), the MBean as soon as the
     * platform MBean server exists. Making that server is over a second of CPU on a small machine
     * (some 1,100 classes loaded, measured on JDK 25), which a program nobody inspects should not pay:
     * so jasyncio never makes it. Whoever wants to look makes it: {@code jasyncio ps}, JConsole or
     * VisualVM start the JVM's JMX agent through the Attach API, a program started with {@code
     * -Dcom.sun.management.jmxremote} has it from the start, and a program may call {@link
     * ManagementFactory#getPlatformMBeanServer()} itself. The thread then sees it within {@link
     * #MBEAN_SERVER_POLL_MILLIS} (asking {@link MBeanServerFactory#findMBeanServer} makes nothing) and
     * registers the MBean into it.
     *
     * <p>Only into the platform server: {@link MBeanServerFactory#findMBeanServer} also lists servers a
     * framework made for itself ({@link MBeanServerFactory#createMBeanServer()}), which JMX tools do not
     * look in, and asking {@link ManagementFactory#getPlatformMBeanServer()} for the platform one would
     * make it. The platform server is the one where the JVM's own MXBeans are, so the thread looks for
     * a found server with {@link ManagementFactory#RUNTIME_MXBEAN_NAME} registered. Whatever goes wrong
     * ends the thread (logged at DEBUG): it never makes the server to register.
     */
    private static void registerAll() {
        try {
            JfrEvents.registerPeriodicWhenJfrStarts();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "jasyncio: the periodic JFR event could not be registered", e);
        }
        try {
            ObjectName runtime = new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME);
            MBeanServer platform;
            while ((platform = platformServerIfMade(runtime)) == null) {
                Thread.sleep(MBEAN_SERVER_POLL_MILLIS);
            }
            register(platform);
        } catch (InterruptedException e) {
            // the JVM is going: nothing to register for
        } catch (JMException | RuntimeException | LinkageError e) {
            LOG.log(
                    Level.DEBUG,
                    "jasyncio: the " + OBJECT_NAME + " MBean could not be registered; jasyncio ps will not"
                            + " see this JVM",
                    e);
        }
    }

    /** The platform MBean server if it exists (the found server that has {@code runtime}), else null. */
    private static MBeanServer platformServerIfMade(ObjectName runtime) {
        for (MBeanServer server : MBeanServerFactory.findMBeanServer(null)) {
            if (server.isRegistered(runtime)) {
                return server;
            }
        }
        return null;
    }

    private static void register(MBeanServer server) throws JMException {
        ObjectName name = new ObjectName(OBJECT_NAME);
        if (!server.isRegistered(name)) {
            server.registerMBean(new LoopRegistry(), name);
        }
    }

    /** The live loops of the JVM. */
    static List<EventLoop> liveLoops() {
        return live();
    }

    private static List<EventLoop> live() {
        synchronized (LOOPS) {
            List<EventLoop> l = new ArrayList<>();
            for (EventLoop loop : LOOPS) {
                if (!loop.isClosed()) {
                    l.add(loop);
                }
            }
            l.sort(java.util.Comparator.comparingInt(EventLoop::id));
            return l;
        }
    }

    @Override
    public List<String> loops() {
        List<String> out = new ArrayList<>();
        for (EventLoop loop : live()) {
            out.add(loop.toString());
        }
        return out;
    }

    @Override
    public List<TaskInfo> tasks() {
        List<TaskInfo> out = new ArrayList<>();
        for (EventLoop loop : live()) {
            out.addAll(tasksOf(loop));
        }
        return out;
    }

    /** The snapshot of one loop, taken on its thread if it runs. */
    static List<TaskInfo> tasksOf(EventLoop loop) {
        if (!loop.isRunning()) {
            return snapshot(loop); // nobody runs it: nothing moves while we read
        }
        CompletableFuture<List<TaskInfo>> answer = new CompletableFuture<>();
        try {
            loop.callSoonThreadsafe(() -> {
                try {
                    answer.complete(snapshot(loop));
                } catch (RuntimeException | Error e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return List.of(note(
                    loop,
                    "not answering: a callback or task step has run for over " + ANSWER_SECONDS
                            + " s (blocking the loop?)"));
        } catch (IllegalStateException closed) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(note(loop, "interrupted while waiting for its answer"));
        } catch (ExecutionException e) {
            return List.of(note(loop, "its snapshot failed: " + e.getCause()));
        }
    }

    private static TaskInfo note(EventLoop loop, String what) {
        return new TaskInfo(loop.toString(), 0, "(loop)", what, "", List.of(), List.of(), List.of());
    }

    private static List<TaskInfo> snapshot(EventLoop loop) {
        String loopName = loop.toString();
        List<TaskInfo> out = new ArrayList<>();
        for (Task<?> t : loop.liveTasks()) {
            List<Long> by = new ArrayList<>();
            List<String> via = new ArrayList<>();
            for (CallGraphs.Awaiter a : CallGraphs.awaitersOf(loop, t)) {
                by.add(a.waiter().taskId());
                via.add(a.via());
            }
            Future<?> awaited = t.awaitedFuture();
            String waitingFor = awaited != null ? Future.abbreviate(awaited.toString()) : t.isSleeping() ? "sleep" : "";
            List<String> stack = new ArrayList<>();
            for (StackTraceElement e : StackFrames.userFrames(t.getStack().toArray(StackTraceElement[]::new))) {
                stack.add(e.toString());
            }
            out.add(new TaskInfo(loopName, t.taskId(), t.getName(), t.diagnosticState(), waitingFor, stack, by, via));
        }
        return out;
    }
}

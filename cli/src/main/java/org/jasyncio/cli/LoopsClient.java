package org.jasyncio.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.List;
import javax.management.InstanceNotFoundException;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jasyncio.diagnostics.LoopsMXBean;
import org.jasyncio.diagnostics.TaskInfo;

/**
 * Reads the loops and tasks of another JVM: attaches to it (the Attach API, as {@code jcmd} does; the
 * target needs no flag), starts its local JMX agent, and calls its {@link LoopsMXBean}.
 *
 * <p>jasyncio registers the MBean on a daemon thread just after the JVM's first loop is made, so a JVM
 * that has only just started may not have it yet: the lookup is tried again for a few seconds.
 */
final class LoopsClient {
    /**
     * How long to keep asking for a MBean not registered yet: the target looks for the server the agent
     * made once a second, and a loaded machine may be several times slower than that.
     */
    private static final long REGISTRATION_WAIT_MILLIS = 10_000;

    /** What a JVM said: its loops and their tasks. */
    record Snapshot(List<String> loops, List<TaskInfo> tasks) {}

    private LoopsClient() {}

    /** The loops and tasks of JVM {@code pid}. */
    static Snapshot read(long pid) throws IOException, InterruptedException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new IOException(
                    "cannot attach to process " + pid + " (is it a JVM of this user, started without"
                            + " -XX:+DisableAttachMechanism?): " + e.getMessage(),
                    e);
        }
        try {
            String url = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
                MBeanServerConnection connection = connector.getMBeanServerConnection();
                ObjectName name = objectName();
                long deadline = System.nanoTime() + REGISTRATION_WAIT_MILLIS * 1_000_000;
                while (!connection.isRegistered(name)) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException("process " + pid + " has no " + LoopsMXBean.OBJECT_NAME
                                + " MBean: it has made no jasyncio event loop (or runs another jasyncio)");
                    }
                    Thread.sleep(100);
                }
                LoopsMXBean loops = JMX.newMXBeanProxy(connection, name, LoopsMXBean.class);
                try {
                    return new Snapshot(loops.loops(), loops.tasks());
                } catch (java.lang.reflect.UndeclaredThrowableException e) {
                    if (e.getCause() instanceof InstanceNotFoundException) {
                        throw new IOException("process " + pid + " unregistered its MBean meanwhile", e.getCause());
                    }
                    throw e;
                }
            }
        } finally {
            vm.detach();
        }
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName(LoopsMXBean.OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}

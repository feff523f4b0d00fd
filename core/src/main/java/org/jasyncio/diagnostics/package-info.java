/**
 * Seeing inside a running jasyncio program from outside it: the {@link org.jasyncio.diagnostics.LoopsMXBean}
 * platform MBean that {@code jasyncio ps} and {@code jasyncio pstree} read (see docs/debugging.md).
 */
package org.jasyncio.diagnostics;

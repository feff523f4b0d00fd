/**
 * Subprocesses driven by the event loop: {@link org.jasyncio.process.Subprocess}.
 */
package org.jasyncio.process;

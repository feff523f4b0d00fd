/**
 * The live monitor page of jasyncio programs ({@code RunOptions.monitor(port)},
 * {@code -Djasyncio.monitor=PORT}): see {@link org.jasyncio.http.monitor.MonitorServer} and
 * docs/debugging.md.
 */
package org.jasyncio.http.monitor;

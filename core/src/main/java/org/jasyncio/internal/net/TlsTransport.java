package org.jasyncio.internal.net;

import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.Transport;

/**
 * The plaintext {@link Transport} an application sees over TLS: every call goes to its
 * {@link TlsLayer}, which encrypts, decrypts and drives the raw transport. Loop thread only.
 */
final class TlsTransport implements Transport {
    private final TlsLayer layer;

    TlsTransport(TlsLayer layer) {
        this.layer = layer;
    }

    @Override
    public void write(byte[] data) {
        layer.appWrite(data);
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("TLS does not support half-closed connections (writeEof) on " + this);
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void pauseReading() {
        layer.appPauseReading();
    }

    @Override
    public void resumeReading() {
        layer.appResumeReading();
    }

    @Override
    public boolean isReading() {
        return layer.appIsReading();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        layer.raw().setWriteBufferLimits(high, low);
    }

    @Override
    public int[] getWriteBufferLimits() {
        return layer.raw().getWriteBufferLimits();
    }

    @Override
    public int getWriteBufferSize() {
        return layer.appWriteBufferSize();
    }

    @Override
    public void abort() {
        layer.appAbort();
    }

    @Override
    public void close() {
        layer.appClose();
    }

    @Override
    public boolean isClosing() {
        return layer.appIsClosing();
    }

    @Override
    public Object getExtraInfo(String name) {
        return layer.extraInfo(name);
    }

    @Override
    public BaseProtocol getProtocol() {
        return layer.app();
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        layer.setApp(protocol);
    }

    @Override
    public String toString() {
        return "<TlsTransport " + layer.state().name().toLowerCase() + " over " + layer.raw() + ">";
    }
}

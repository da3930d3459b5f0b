package io.tasker.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.tasker.schemas.redaction.Redactor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A logging event as {@link RedactingEncoder} hands it to the real encoder: its formatted message and exception texts
 * masked, everything else the original's. The raw message pattern and arguments are not offered (their secrets would
 * bypass the mask): {@link #getMessage()} is the masked formatted message and there are no arguments.
 */
final class RedactedEvent implements ILoggingEvent {
    private final ILoggingEvent event;
    private final Redactor redactor;
    private String message;

    RedactedEvent(ILoggingEvent event, Redactor redactor) {
        this.event = event;
        this.redactor = redactor;
    }

    @Override
    public String getFormattedMessage() {
        if (message == null) message = redactor.redactText(event.getFormattedMessage());
        return message;
    }

    @Override
    public String getMessage() {
        return getFormattedMessage();
    }

    @Override
    public Object[] getArgumentArray() {
        return null;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        IThrowableProxy tp = event.getThrowableProxy();
        return tp == null ? null : new RedactedThrowable(tp, redactor);
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return event.getMDCPropertyMap();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return event.getMdc();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return event.getKeyValuePairs();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
    }

    /** An exception of the line with its message (and its causes' and suppressed exceptions') masked. */
    static final class RedactedThrowable implements IThrowableProxy {
        private final IThrowableProxy tp;
        private final Redactor redactor;

        RedactedThrowable(IThrowableProxy tp, Redactor redactor) {
            this.tp = tp;
            this.redactor = redactor;
        }

        @Override
        public String getMessage() {
            return redactor.redactText(tp.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return redactor.redactText(tp.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return tp.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return tp.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return tp.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            IThrowableProxy c = tp.getCause();
            return c == null ? null : new RedactedThrowable(c, redactor);
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] s = tp.getSuppressed();
            if (s == null) return null;
            IThrowableProxy[] out = new IThrowableProxy[s.length];
            for (int i = 0; i < s.length; i++) out[i] = new RedactedThrowable(s[i], redactor);
            return out;
        }

        @Override
        public boolean isCyclic() {
            return tp.isCyclic();
        }
    }
}

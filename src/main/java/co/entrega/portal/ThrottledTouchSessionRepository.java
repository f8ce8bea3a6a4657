package co.entrega.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The session store (Spring Session JDBC) without a write per request. Spring Session moves a session's last-access
 * time on every request and so writes its row (an UPDATE and a commit, which PostgreSQL forces to disk) even when
 * nothing in the session changed. Here the last-access time is moved only once it is {@code touchInterval} old, and
 * a session whose attributes, id, timeout and last-access time did not change is not saved at all.
 * <p>
 * The idle timeout is still decided by the stored last-access time (on every read, by Spring Session, and by its
 * clean-up of expired rows), which is at most {@code touchInterval} behind the last request: a session idle for the
 * timeout always ends, and one in use may end up to {@code touchInterval} earlier (with 30 minutes and 1 minute:
 * after 29 to 30 idle minutes). Every instance reads and writes the same rows, as before.
 * <p>
 * Only for {@code save-mode: on-set-attribute} (Spring Session's default): an attribute is saved when it is set.
 * With another save mode every session is saved at the end of its request, as Spring Session does.
 */
final class ThrottledTouchSessionRepository<S extends Session>
        implements SessionRepository<ThrottledTouchSessionRepository.TrackedSession<S>> {

    private final SessionRepository<S> delegate;
    private final Duration touchInterval;
    private final boolean saveEveryRequest;

    ThrottledTouchSessionRepository(SessionRepository<S> delegate, Duration touchInterval, boolean saveEveryRequest) {
        this.delegate = delegate;
        this.touchInterval = touchInterval;
        this.saveEveryRequest = saveEveryRequest;
    }

    @Override
    public TrackedSession<S> createSession() {
        return new TrackedSession<>(delegate.createSession(), touchInterval, true);
    }

    @Override
    public void save(TrackedSession<S> session) {
        if (session.changed || saveEveryRequest) {
            delegate.save(session.delegate);
            session.changed = false;
        }
    }

    @Override
    public TrackedSession<S> findById(String id) {
        S found = delegate.findById(id); // null when there is none or it expired (then Spring Session deletes it)
        return found == null ? null : new TrackedSession<>(found, touchInterval, false);
    }

    @Override
    public void deleteById(String id) {
        delegate.deleteById(id);
    }

    /** A session that knows whether anything worth saving changed during its request. */
    static final class TrackedSession<S extends Session> implements Session {

        private final S delegate;
        private final Duration touchInterval;
        private boolean changed;

        TrackedSession(S delegate, Duration touchInterval, boolean changed) {
            this.delegate = delegate;
            this.touchInterval = touchInterval;
            this.changed = changed;
        }

        @Override
        public String getId() {
            return delegate.getId();
        }

        @Override
        public String changeSessionId() {
            changed = true;
            return delegate.changeSessionId();
        }

        @Override
        public <T> T getAttribute(String attributeName) {
            return delegate.getAttribute(attributeName);
        }

        @Override
        public Set<String> getAttributeNames() {
            return delegate.getAttributeNames();
        }

        @Override
        public void setAttribute(String attributeName, Object attributeValue) {
            changed = true;
            delegate.setAttribute(attributeName, attributeValue);
        }

        @Override
        public void removeAttribute(String attributeName) {
            changed = true;
            delegate.removeAttribute(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return delegate.getCreationTime();
        }

        /** Moves the stored last access only when it is at least the touch interval old (or something else changed). */
        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            if (changed || !lastAccessedTime.isBefore(delegate.getLastAccessedTime().plus(touchInterval))) {
                delegate.setLastAccessedTime(lastAccessedTime);
                changed = true;
            }
        }

        @Override
        public Instant getLastAccessedTime() {
            return delegate.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            if (!interval.equals(delegate.getMaxInactiveInterval())) {
                changed = true;
                delegate.setMaxInactiveInterval(interval);
            }
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return delegate.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return delegate.isExpired();
        }
    }
}

package org.jasyncio;

/**
 * A {@link Future} or {@link Task} was used in a state that does not allow the call: a result set
 * twice, a result read before it exists (asyncio's {@code InvalidStateError}).
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An invalid-state error with a message naming the object and the rule broken. */
    public InvalidStateError(String message) {
        super(message);
    }
}

package org.jasyncio.redis;

/**
 * A job ended in the dead-letter stream: it failed on its last attempt (the message is its last
 * error), or it was delivered more times than allowed (its workers kept dying).
 */
public final class JobFailed extends Exception {
    private static final long serialVersionUID = 1L;

    private final String jobId;

    /** The failure of job {@code jobId} with the error recorded for it. */
    public JobFailed(String jobId, String error) {
        super("job " + jobId + " failed: " + error);
        this.jobId = jobId;
    }

    /** The job's ID. */
    public String jobId() {
        return jobId;
    }
}

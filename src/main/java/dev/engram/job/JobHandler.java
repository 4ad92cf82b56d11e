package dev.engram.job;

/**
 * Runs one kind of background job. Handlers are CDI beans, found by their {@link #kind()}.
 * A handler runs inside a transaction; throwing makes the job retry later (and eventually park).
 * Handlers must be idempotent: a job whose worker died is run again.
 */
public interface JobHandler {

    String kind();

    void handle(JobEntity job);
}

package dev.engram.status;

import dev.engram.api.StatusApi;
import dev.engram.api.model.Job;
import dev.engram.api.model.ServerStatus;

/** The status routes of the contract (an Engram extension read by the web console). */
public class StatusResource implements StatusApi {

    private final StatusService status;

    public StatusResource(StatusService status) {
        this.status = status;
    }

    @Override
    public ServerStatus getServerStatus() {
        return status.status();
    }

    @Override
    public Job retryJob(String jobId) {
        return status.retry(jobId);
    }
}

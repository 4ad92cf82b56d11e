package dev.engram.index;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The search index in {@code /q/health/ready}: its state (starting, rebuilding, following,
 * retrying), how far it has followed the change log, and how many records it holds. Always UP:
 * while the index rebuilds, writes are safe and searches answer from what is indexed so far.
 */
@Readiness
@ApplicationScoped
public class IndexHealth implements HealthCheck {

    private final SearchIndex index;

    public IndexHealth(SearchIndex index) {
        this.index = index;
    }

    @Override
    public HealthCheckResponse call() {
        SearchIndex.IndexStatus status = index.status();
        return HealthCheckResponse.named("search-index").up()
                .withData("implementation", status.implementation())
                .withData("state", status.state())
                .withData("checkpoint", status.checkpoint())
                .withData("documents", status.documents())
                .withData("location", status.location())
                .build();
    }
}

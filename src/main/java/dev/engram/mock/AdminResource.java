package dev.engram.mock;

import dev.engram.api.AdminApi;
import dev.engram.api.model.DeterministicMode;
import dev.engram.api.model.FaultRule;
import dev.engram.api.model.FaultRuleList;
import dev.engram.api.model.RecordedRequest;
import dev.engram.api.model.RequestJournal;
import dev.engram.api.model.ResetRequest;
import dev.engram.api.model.ResetResponse;
import dev.engram.api.model.SuccessResponse;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Mock mode's test controls under {@code /admin}; translation only. Outside mock mode
 * {@link AdminGate} answers 404 before this resource is reached.
 */
public class AdminResource implements AdminApi {

    private final MockControl control;
    private final Journal journal;
    private final FaultRules faults;
    private final Determinism determinism;

    public AdminResource(MockControl control, Journal journal, FaultRules faults, Determinism determinism) {
        this.control = control;
        this.journal = journal;
        this.faults = faults;
        this.determinism = determinism;
    }

    @Override
    public ResetResponse resetData(ResetRequest request) {
        boolean loadFixtures = request == null || request.getFixtures() == null || request.getFixtures();
        MockControl.ResetResult result = control.reset(loadFixtures);
        return new ResetResponse().message("reset").fixturesLoaded(result.fixturesLoaded())
                .users(result.counts().users()).sessions(result.counts().sessions())
                .messages(result.counts().messages()).facts(result.counts().facts());
    }

    @Override
    public RequestJournal listRecordedRequests(String method, String path, String contains, Integer status,
                                               Integer limit) {
        Journal.Found found = journal.find(new Journal.Filter(method, path, contains, status), limit);
        List<RecordedRequest> items = found.entries().stream().map(AdminResource::toApi).toList();
        return new RequestJournal().requests(items).totalCount(found.total());
    }

    @Override
    public SuccessResponse clearRecordedRequests() {
        journal.clear();
        return new SuccessResponse().message("cleared");
    }

    @Override
    public DeterministicMode getDeterministicMode() {
        return toApi(determinism.settings());
    }

    @Override
    public DeterministicMode setDeterministicMode(DeterministicMode mode) {
        return toApi(determinism.change(mode.getEnabled(), mode.getSeed(), mode.getTime(), mode.getStepMs()));
    }

    @Override
    public FaultRuleList listFaultRules() {
        return new FaultRuleList().rules(faults.list().stream().map(AdminResource::toApi).toList());
    }

    @Override
    public FaultRule addFaultRule(FaultRule rule) {
        return toApi(faults.add(rule.getMethod(), rule.getPath(), rule.getStatus(), rule.getDelayMs(),
                rule.getRetryAfter(), rule.getCount()));
    }

    @Override
    public SuccessResponse clearFaultRules() {
        faults.clear();
        return new SuccessResponse().message("cleared");
    }

    private static RecordedRequest toApi(Journal.Entry e) {
        return new RecordedRequest().method(e.method()).path(e.path()).query(e.query()).status(e.status())
                .receivedAt(e.receivedAt().atOffset(ZoneOffset.UTC)).durationMs(e.durationMs()).fault(e.fault());
    }

    private static DeterministicMode toApi(Determinism.Settings s) {
        return new DeterministicMode().enabled(s.enabled()).seed(s.seed()).time(s.time().atOffset(ZoneOffset.UTC))
                .stepMs(s.stepMs());
    }

    private static FaultRule toApi(FaultRules.Rule r) {
        return new FaultRule().id(r.id()).method(r.method()).path(r.path()).status(r.status())
                .delayMs(r.delayMs() == 0 ? null : (int) r.delayMs()).retryAfter(r.retryAfter()).count(r.count())
                .remaining(r.remaining());
    }
}

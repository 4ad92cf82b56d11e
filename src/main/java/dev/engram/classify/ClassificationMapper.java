package dev.engram.classify;

import dev.engram.api.model.ClassifySessionRequest;
import dev.engram.api.model.SessionClassification;

/** The wire's classification request and result to the service's and back. */
public final class ClassificationMapper {

    private ClassificationMapper() {
    }

    public static ClassifyService.Request toRequest(ClassifySessionRequest request) {
        return new ClassifyService.Request(request.getName(), request.getClasses(), request.getInstruction(),
                request.getLastN(), request.getPersist());
    }

    public static SessionClassification toApi(ClassifyService.Classification classification) {
        return new SessionClassification().propertyClass(classification.chosenClass()).label(classification.label());
    }
}

package dev.engram.intelligence;

import dev.engram.api.IntelligenceApi;
import dev.engram.api.model.ClassifySessionRequest;
import dev.engram.api.model.ExtractDataRequest;
import dev.engram.api.model.Question;
import dev.engram.api.model.SessionClassification;
import dev.engram.classify.ClassificationMapper;
import dev.engram.classify.ClassifyService;
import dev.engram.extract.ExtractService;
import dev.engram.question.QuestionService;
import java.util.Map;

/** Classify, extract and synthesize: translation only, the logic is in the feature services. */
public class IntelligenceResource implements IntelligenceApi {

    private final ClassifyService classify;
    private final ExtractService extract;
    private final QuestionService questions;

    public IntelligenceResource(ClassifyService classify, ExtractService extract, QuestionService questions) {
        this.classify = classify;
        this.extract = extract;
        this.questions = questions;
    }

    @Override
    public SessionClassification classifySession(String sessionId, ClassifySessionRequest request) {
        return ClassificationMapper.toApi(classify.classify(sessionId, ClassificationMapper.toRequest(request)));
    }

    @Override
    public Map<String, String> extractData(String sessionId, ExtractDataRequest request) {
        return extract.extract(sessionId, request.getLastN(), request.getModelSchema(), request.getCurrentDateTime());
    }

    @Override
    public Question synthesizeQuestion(String sessionId, Integer lastNMessages) {
        return new Question().question(questions.synthesize(sessionId, lastNMessages));
    }
}

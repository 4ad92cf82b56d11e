package dev.engram.fact;

import dev.engram.api.model.Fact;
import java.util.List;

/** Stored facts to the wire's {@code Fact} (which carries the text twice, as {@code fact} and {@code content}). */
public final class FactMapper {

    private FactMapper() {
    }

    public static Fact toApi(FactEntity f) {
        return new Fact()
                .uuid(f.uuid)
                .createdAt(f.createdAt)
                .fact(f.content)
                .content(f.content)
                .name(f.name)
                .rating(f.rating)
                .validAt(f.validAt)
                .invalidAt(f.invalidAt)
                .expiredAt(f.expiredAt)
                .sourceNodeName(f.sourceNodeName)
                .targetNodeName(f.targetNodeName)
                .episodes(f.sourceMessageUuid == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(List.of(f.sourceMessageUuid)));
    }

    public static List<Fact> toApi(List<FactEntity> facts) {
        return facts.stream().map(FactMapper::toApi).toList();
    }
}

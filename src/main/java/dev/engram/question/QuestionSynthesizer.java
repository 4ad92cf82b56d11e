package dev.engram.question;

import dev.engram.message.Turn;
import java.util.List;

/** Condenses the recent turns of a conversation into one standalone question. */
public interface QuestionSynthesizer {

    /**
     * @param recent the turns to condense, oldest first; never empty
     * @return what the user is asking, understandable without the conversation
     */
    String synthesize(List<Turn> recent);
}

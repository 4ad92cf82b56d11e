package dev.engram.summary;

import dev.engram.message.Turn;
import java.util.List;

/** Folds messages into a running summary of a conversation (progressive summarization). */
public interface Summarizer {

    /**
     * @param previousSummary the summary so far, or null for the first one
     * @param turns           the messages to fold in, oldest first
     * @param userName        the user's first name, or null
     * @return the new summary, which covers the previous one and the messages
     */
    String summarize(String previousSummary, List<Turn> turns, String userName);
}

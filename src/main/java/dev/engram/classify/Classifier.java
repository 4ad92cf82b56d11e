package dev.engram.classify;

import dev.engram.message.Turn;
import java.util.List;

/** Decides which of a caller's classes best describes a conversation. */
public interface Classifier {

    /**
     * @param recent      the turns to look at, oldest first; never empty
     * @param classes     the candidate classes; never empty, no blanks
     * @param instruction an optional hint on what to classify (may be null)
     * @return one of {@code classes}, exactly as given
     */
    String classify(List<Turn> recent, List<String> classes, String instruction);
}

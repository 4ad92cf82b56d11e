package dev.engram.index;

/** The text a record is found by, as opposed to the text its vector is made of. */
public final class IndexedText {

    private IndexedText() {
    }

    /**
     * A message's words: its content prefixed by its speaker, "Caroline: I went to a support
     * group", so that a question naming the speaker ("When did Caroline go to …?") finds what she
     * said, not the turns that address her. Its vector also has the speaker, and the turn before
     * it (see {@link MessageVectors}).
     */
    public static String ofMessage(String role, String content) {
        return role == null || role.isBlank() ? content : role.strip() + ": " + content;
    }
}

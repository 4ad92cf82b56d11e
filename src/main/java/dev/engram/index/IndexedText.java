package dev.engram.index;

/** The text a record is found by, as opposed to the text its vector is made of. */
public final class IndexedText {

    private IndexedText() {
    }

    /**
     * A message's words: its content prefixed by its speaker, "Caroline: I went to a support
     * group", so that a question naming the speaker ("When did Caroline go to …?") finds what she
     * said, not the turns that address her. Its vector is of the content alone: with the speaker
     * in it, every two messages of one speaker look alike to MMR.
     */
    public static String ofMessage(String role, String content) {
        return role == null || role.isBlank() ? content : role.strip() + ": " + content;
    }
}

package dev.engram.session;

/**
 * Fired in the transaction that ends a session (the first time only), for work that follows
 * the end of a conversation (its closing summary).
 */
public record SessionEnded(Long sessionPk) {
}

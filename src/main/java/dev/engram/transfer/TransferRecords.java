package dev.engram.transfer;

/**
 * The record format of export and import (JSON lines): each line an object with a {@code kind}
 * and the fields of the API's own JSON for that record. Named once, here, for both directions.
 */
public final class TransferRecords {

    public static final String HEADER = "header";
    public static final String USER = "user";
    public static final String SESSION = "session";
    public static final String MESSAGE = "message";
    public static final String FACT = "fact";
    public static final String SUMMARY = "summary";

    /** The header's {@code format} and {@code version}; an import refuses other values. */
    public static final String FORMAT = "engram-export";
    public static final int VERSION = 1;

    private TransferRecords() {
    }
}

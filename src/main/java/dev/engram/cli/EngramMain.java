package dev.engram.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The one entry point of the packaged application: {@code export} and {@code import} run the
 * transfer commands, a plain HTTP client of a running server, and exit without starting Quarkus
 * (no database, no port, no models loaded); anything else starts the server as before. One jar
 * thus serves and moves data (README: "Backup, restore and moving in").
 */
@QuarkusMain
public class EngramMain {

    public static void main(String... args) {
        if (args.length > 0 && TransferCommand.NAMES.contains(args[0])) {
            System.exit(TransferCommand.run(args));
        }
        Quarkus.run(args);
    }
}

package dev.engram.extract;

import java.util.Arrays;
import java.util.Optional;

/** The field types of a Zep extraction schema ({@code zep_type}), named exactly as the SDKs send them. */
public enum ZepType {
    ZepText, ZepEmail, ZepPhoneNumber, ZepZipCode, ZepDate, ZepDateTime, ZepNumber, ZepFloat, ZepRegex;

    public static Optional<ZepType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}

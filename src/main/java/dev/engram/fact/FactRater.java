package dev.engram.fact;

import java.util.List;

/** Rates facts in [0, 1] by how much they matter to the application, following its instruction. */
public interface FactRater {

    /** A fact to rate: its text and, when known, its unit embedding. */
    record FactToRate(String text, float[] embedding) {
    }

    /** One rating per fact, in order, each in [0, 1]. */
    List<Double> rate(RatingInstruction instruction, List<FactToRate> facts);
}

package dev.engram.common;

import java.util.List;

/** One page of a list, with the true total of the whole list. */
public record Page<T>(List<T> items, long total) {
}

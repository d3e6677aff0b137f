package dev.prescale.scaling;

/** A group's capacity as its provider reports it: desired count and the group's own min and max. */
public record Capacity(int desired, int min, int max) {
}

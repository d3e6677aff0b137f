package dev.prescale.report;

/**
 * Colours and line styles every Prescale chart draws with: the Okabe-Ito palette, which stays apart for readers with
 * deuteranopia, protanopia and tritanopia, and a dash pattern beside each colour, so series differ in print and in
 * grey as well.
 */
public final class Palette {

    public static final String BLUE = "#0072B2";
    public static final String ORANGE = "#E69F00";
    public static final String GREEN = "#009E73";
    public static final String VERMILLION = "#D55E00";
    public static final String PURPLE = "#CC79A7";
    public static final String SKY = "#56B4E9";
    public static final String YELLOW = "#F0E442";
    public static final String BLACK = "#000000";
    public static final String GREY = "#777777";

    /** Series colours in the order charts hand them out. */
    static final String[] SERIES = {BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY, BLACK};

    /** Dash patterns in the same order: solid first. */
    static final String[] DASHES = {"", "7 4", "2 3", "10 3 2 3", "4 4", "12 4", "1 2"};

    private Palette() {
    }

    /** The colour of the {@code i}-th series. */
    public static String color(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    /** The dash pattern of the {@code i}-th series (empty: solid). */
    public static String dash(int i) {
        return DASHES[Math.floorMod(i, DASHES.length)];
    }
}

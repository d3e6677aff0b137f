package dev.prescale.recording;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * Whole-run latency histograms as text (HdrHistogram's compressed form in Base64), so an injector's run summary can
 * carry its histogram as one string field and merged runs can add them exactly: percentiles of injectors cannot be
 * averaged into the percentile of all their requests, histograms can be added into the histogram of all of them.
 */
public final class LatencyHistograms {

    private LatencyHistograms() {
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** @throws IllegalArgumentException when the text is not an encoded histogram */
    public static Histogram decode(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text.strip())),
                    0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded latency histogram (" + e.getMessage() + ")", e);
        }
    }
}

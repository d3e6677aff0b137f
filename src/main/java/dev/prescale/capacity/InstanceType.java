package dev.prescale.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An instance size and what it costs, from configuration: {@code name:pricePerHour:vcpu:memoryGiB:networkGbps}, e.g.
 * {@code m5.large:0.096:2:8:10}.
 */
public record InstanceType(String name, double pricePerHour, double vcpu, double memoryGb, double networkGbps) {

    public InstanceType {
        if (name == null || name.isBlank() || !(pricePerHour >= 0) || !(vcpu > 0) || !(memoryGb > 0)
                || !(networkGbps > 0) || !Double.isFinite(pricePerHour + vcpu + memoryGb + networkGbps)) {
            throw new IllegalArgumentException("instance type " + name + " needs a name, a price >= 0 and positive "
                    + "vcpu, memory and network, but had " + pricePerHour + ", " + vcpu + ", " + memoryGb + ", "
                    + networkGbps);
        }
    }

    /**
     * A comma-separated list of {@code name:price:vcpu:memoryGiB:networkGbps}.
     *
     * @throws IllegalArgumentException naming the entry and the form expected
     */
    public static List<InstanceType> parseAll(String text) {
        List<InstanceType> types = new ArrayList<>();
        for (String entry : text.split(",")) {
            String[] f = entry.strip().split(":");
            try {
                if (f.length != 5) {
                    throw new NumberFormatException("five fields");
                }
                types.add(new InstanceType(f[0].strip(), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("instance type '" + entry.strip() + "' is not name:pricePerHour:"
                        + "vcpu:memoryGiB:networkGbps (" + e.getMessage() + "); write e.g. "
                        + "capacity.instancetypes=\"m5.large:0.096:2:8:10, c5.large:0.085:2:4:10\"", e);
            }
        }
        return types;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s ($%.3f/h, %s vCPU, %s GiB, %s Gbps)", name, pricePerHour, plain(vcpu),
                plain(memoryGb), plain(networkGbps));
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}

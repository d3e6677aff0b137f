package dev.prescale.shadow;

/**
 * One kind of request the shadow service answers, with what it costs an instance.
 *
 * @param name     short name used in metrics and Gatling request names ("browse")
 * @param method   HTTP method
 * @param path     exact path ("/browse")
 * @param cpuCost  work per request in cost units; an instance does {@link ShadowConfig#capacityPerInstance()} units/s
 * @param memoryMb memory a request holds while in flight
 * @param responseBytes size of the response body
 */
public record Endpoint(String name, String method, String path, double cpuCost, double memoryMb, int responseBytes) {

    /** An endpoint answering a short JSON body. */
    public Endpoint(String name, String method, String path, double cpuCost, double memoryMb) {
        this(name, method, path, cpuCost, memoryMb, 0);
    }

    public Endpoint {
        if (name == null || name.isBlank() || method == null || path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("an endpoint needs a name, a method and a path starting with '/', but "
                    + "was " + name + " " + method + " " + path);
        }
        if (!(cpuCost > 0) || !Double.isFinite(cpuCost) || memoryMb < 0 || !Double.isFinite(memoryMb)
                || responseBytes < 0 || responseBytes > 16 << 20) {
            throw new IllegalArgumentException("endpoint " + name + ": cpuCost must be > 0, memoryMb >= 0 and "
                    + "responseBytes in [0, 16 MiB], but were " + cpuCost + ", " + memoryMb + " and " + responseBytes);
        }
    }
}

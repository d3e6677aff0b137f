package dev.prescale.shadow;

/**
 * One kind of request the shadow service answers, with what it costs an instance.
 *
 * @param name     short name used in metrics and Gatling request names ("browse")
 * @param method   HTTP method
 * @param path     exact path ("/browse")
 * @param cpuCost  work per request in cost units; an instance does {@link ShadowConfig#capacityPerInstance()} units/s
 * @param memoryMb memory a request holds while in flight
 */
public record Endpoint(String name, String method, String path, double cpuCost, double memoryMb) {

    public Endpoint {
        if (name == null || name.isBlank() || method == null || path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("an endpoint needs a name, a method and a path starting with '/', but "
                    + "was " + name + " " + method + " " + path);
        }
        if (!(cpuCost > 0) || !Double.isFinite(cpuCost) || memoryMb < 0 || !Double.isFinite(memoryMb)) {
            throw new IllegalArgumentException("endpoint " + name + ": cpuCost must be > 0 and memoryMb >= 0, but were "
                    + cpuCost + " and " + memoryMb);
        }
    }
}

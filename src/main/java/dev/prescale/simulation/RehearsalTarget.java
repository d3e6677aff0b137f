package dev.prescale.simulation;

import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowService;

import java.net.URI;
import java.util.Optional;

/**
 * The system a rehearsal sends traffic to: the user's service, or an embedded shadow service started for the run and
 * stopped with it.
 */
public final class RehearsalTarget implements AutoCloseable {

    private final URI baseUri;
    private final ShadowService shadow;

    private RehearsalTarget(URI baseUri, ShadowService shadow) {
        this.baseUri = baseUri;
        this.shadow = shadow;
    }

    /** The configured target, or a fresh shadow service on 127.0.0.1 with the configured instance count. */
    public static RehearsalTarget open(RehearsalSettings settings) {
        if (settings.target().isPresent()) {
            return new RehearsalTarget(settings.target().get(), null);
        }
        ShadowService service = ShadowService.start(ShadowConfig.DEFAULTS.withInstances(settings.shadowInstances()));
        return new RehearsalTarget(service.baseUri(), service);
    }

    /** A fresh shadow service on 127.0.0.1 with {@code config}, stopped with the target. */
    public static RehearsalTarget shadow(ShadowConfig config) {
        ShadowService service = ShadowService.start(config);
        return new RehearsalTarget(service.baseUri(), service);
    }

    public String baseUrl() {
        return baseUri.toString();
    }

    /** The embedded shadow service, when the rehearsal started one. */
    public Optional<ShadowService> shadow() {
        return Optional.ofNullable(shadow);
    }

    @Override
    public void close() {
        if (shadow != null) {
            shadow.close();
        }
    }
}

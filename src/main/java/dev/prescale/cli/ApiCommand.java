package dev.prescale.cli;

import java.util.List;

import dev.prescale.config.Key;

import dev.prescale.api.ApiServer;
import dev.prescale.api.LoadRuns;
import dev.prescale.config.Config;
import dev.prescale.profile.TraceFolders;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "api", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP API (profiles, load runs, forecasts, decisions; OpenAPI at /openapi.json) until "
                + "stopped. Binds 127.0.0.1:8787 by default; every call but /health needs the bearer token from "
                + "PRESCALE_API_TOKEN.",
                "Keys: api.host, api.port, api.allowremote (true to bind a non-loopback host), api.token (set it in "
                        + "the environment, not in a file)"})
final class ApiCommand implements Callable<Integer> {

    /** The keys the API reads. */
    static final List<Key> KEYS = List.of(
            Key.of("api.host", "0.0.0.0", "127.0.0.1", "address the API binds"),
            Key.of("api.port", "9797", "8787", "port the API listens on (0: any free one)"),
            Key.of("api.allowremote", "true", "false", "allow api.host other than loopback"),
            Key.of("api.token", "a-long-random-token-0123", "none: required",
                    "bearer token clients send (16+ characters); never printed"));

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        Config c = config.load();
        String host = c.text("api.host", "127.0.0.1");
        int port = c.integer("api.port", 8787, 0, 65535);
        boolean allowRemote = c.flag("api.allowremote", false);
        String token = c.required("api.token", "the bearer token clients must send (at least 16 characters)");
        c.check();
        Map<String, String> runProperties = new TreeMap<>();
        c.asProperties().forEach((k, v) -> {
            if (!k.matches("(?i).*(token|password|secret).*") && !k.startsWith("prescale.api.")) {
                runProperties.put(k, v);
            }
        });
        try (TimeSeriesStore store = Stores.open(c.asProperties(), System.getenv())) {
            if (store == null) {
                throw new IllegalArgumentException("the API keeps profiles and reads live results in the store; "
                        + "store=none cannot work");
            }
            try (ApiServer server = ApiServer.start(host, port, allowRemote, token, new ProfileStore(store,
                    TraceFolders.configuredOnly()), store, new LoadRuns(Path.of("target", "api-runs"), runProperties))) {
                System.out.println("Prescale API on " + server.baseUri() + " (OpenAPI: " + server.baseUri()
                        + "/openapi.json); Ctrl-C stops it");
                Thread.currentThread().join();
            }
        }
        return 0;
    }
}

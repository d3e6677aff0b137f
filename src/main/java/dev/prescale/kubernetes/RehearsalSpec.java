package dev.prescale.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a sharded rehearsal on Kubernetes is made of. Build one with {@link #builder(String, String, String)}.
 *
 * @param name             the Job's name, also the run id every shard records under (a DNS label, at most 52
 *                         characters, so the CronJob's name fits too)
 * @param profileId        the profile to run
 * @param profileYaml      its file, put in a ConfigMap
 * @param injectors        pods sending it together
 * @param image            the image holding the runnable jar at {@link RehearsalManifests#JAR}
 * @param target           the service under test, as the pods reach it
 * @param influxUrl        InfluxDB, as the pods reach it
 * @param influxDatabase   its database
 * @param influxSecret     the Secret with InfluxDB's {@code token}, {@code username} and {@code password} (each
 *                         optional)
 * @param runLength        how long the rehearsal runs (the profile is compressed into it)
 * @param start            when the shards start, or empty to meet at the store's barrier
 * @param schedule         a cron schedule for a CronJob of the same rehearsal, or empty
 * @param cpu              CPU request per injector
 * @param memory           memory request and limit per injector
 * @param deadline         the Job's active deadline: a stuck run ends
 * @param controllerConfig the controller's YAML configuration, for a controller Deployment, or empty
 * @param jvmOptions       options for the injectors' JVMs ({@code JAVA_TOOL_OPTIONS}: the launcher and the Gatling JVM
 *                         it starts both read it), or empty
 */
public record RehearsalSpec(String name, String profileId, String profileYaml, int injectors, String image,
                            String target, String influxUrl, String influxDatabase, String influxSecret,
                            Duration runLength, Optional<Instant> start, Optional<String> schedule, String cpu,
                            String memory, Duration deadline, Optional<String> controllerConfig,
                            Optional<String> jvmOptions) {

    public RehearsalSpec {
        if (name == null || !name.matches("[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?")) {
            throw new IllegalArgumentException("name '" + name + "' is not a Kubernetes name: lower-case letters, "
                    + "digits and '-', starting and ending with a letter or digit, at most 52 characters");
        }
        if (injectors < 1 || injectors > 10_000) {
            throw new IllegalArgumentException("injectors must be 1 to 10000, but was " + injectors);
        }
        if (runLength.isNegative() || runLength.isZero() || deadline.compareTo(runLength) <= 0) {
            throw new IllegalArgumentException("the run length must be positive and the deadline (" + deadline
                    + ") longer than it (" + runLength + ")");
        }
        schedule.ifPresent(cron -> {
            if (cron.strip().split("\\s+").length != 5) {
                throw new IllegalArgumentException("schedule '" + cron + "' is not a cron expression of five fields, "
                        + "e.g. '0 6 * * 1' (Mondays at 06:00)");
            }
        });
    }

    public static Builder builder(String name, String profileId, String profileYaml) {
        return new Builder(name, profileId, profileYaml);
    }

    /** Defaults: 1 injector, image prescale:latest, InfluxDB at http://influxdb:8086 database prescale, Secret
     * prescale-influx, 1 minute, barrier start, 1 CPU and 1Gi per injector, deadline 1 hour past the run. */
    public static final class Builder {
        private final String name;
        private final String profileId;
        private final String profileYaml;
        private int injectors = 1;
        private String image = "prescale:latest";
        private String target;
        private String influxUrl = "http://influxdb:8086";
        private String influxDatabase = "prescale";
        private String influxSecret = "prescale-influx";
        private Duration runLength = Duration.ofMinutes(1);
        private Instant start;
        private String schedule;
        private String cpu = "1";
        private String memory = "1Gi";
        private String controllerConfig;
        private String jvmOptions;

        private Builder(String name, String profileId, String profileYaml) {
            this.name = name;
            this.profileId = profileId;
            this.profileYaml = profileYaml;
        }

        public Builder injectors(int n) {
            this.injectors = n;
            return this;
        }

        public Builder image(String value) {
            this.image = value;
            return this;
        }

        public Builder target(String url) {
            this.target = url;
            return this;
        }

        public Builder influx(String url, String database, String secret) {
            this.influxUrl = url;
            this.influxDatabase = database;
            this.influxSecret = secret;
            return this;
        }

        public Builder runLength(Duration value) {
            this.runLength = value;
            return this;
        }

        public Builder start(Instant value) {
            this.start = value;
            return this;
        }

        public Builder schedule(String cron) {
            this.schedule = cron;
            return this;
        }

        public Builder resources(String cpuRequest, String memoryRequest) {
            this.cpu = cpuRequest;
            this.memory = memoryRequest;
            return this;
        }

        public Builder controllerConfig(String yaml) {
            this.controllerConfig = yaml;
            return this;
        }

        /** Options for the injectors' JVMs, e.g. {@code -XX:TieredStopAtLevel=1}; blank for none. */
        public Builder jvmOptions(String options) {
            this.jvmOptions = options == null || options.isBlank() ? null : options.strip();
            return this;
        }

        /** @throws IllegalArgumentException naming what is missing or wrong */
        public RehearsalSpec build() {
            if (target == null || target.isBlank()) {
                throw new IllegalArgumentException("a rehearsal on Kubernetes needs the target: the URL the pods "
                        + "reach the service under test at");
            }
            return new RehearsalSpec(name, profileId, profileYaml, injectors, image, target, influxUrl,
                    influxDatabase, influxSecret, runLength, Optional.ofNullable(start), Optional.ofNullable(schedule),
                    cpu, memory, runLength.plus(Duration.ofHours(1)), Optional.ofNullable(controllerConfig),
                    Optional.ofNullable(jvmOptions));
        }
    }
}

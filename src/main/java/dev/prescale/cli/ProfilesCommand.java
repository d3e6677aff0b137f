package dev.prescale.cli;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "profiles", mixinStandardHelpOptions = true, description = "List, validate or import load profiles.",
        subcommands = {ProfilesCommand.ListProfiles.class, ProfilesCommand.Validate.class,
                ProfilesCommand.Import.class})
final class ProfilesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the profiles in a folder, or with --store those saved in the configured store.")
    static final class ListProfiles implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--folder", defaultValue = "profile-db/profiles", description = "default ${DEFAULT-VALUE}")
        Path folder;

        @Option(names = "--store", description = "list the store's profiles instead of the folder's")
        boolean fromStore;

        @Override
        public Integer call() {
            List<LoadProfile> profiles;
            if (fromStore) {
                try (TimeSeriesStore store = Stores.open(config.load().asProperties(), System.getenv())) {
                    profiles = new ProfileStore(store, Path.of(".")).all();
                }
            } else {
                profiles = ProfileFiles.open(folder).all();
            }
            System.out.printf("%-24s %-11s %-10s %-14s %10s %12s%n", "profile", "resource", "priority", "pattern",
                    "duration", "requests");
            for (LoadProfile p : profiles) {
                System.out.printf(Locale.ROOT, "%-24s %-11s %-10s %-14s %10s %12.0f%n", p.profileId(),
                        p.resourceType(), p.priority(), p.pattern().getClass().getSimpleName()
                                .replace("Pattern", "").toLowerCase(Locale.ROOT), p.duration(), p.totalRequests());
            }
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check every profile file in a folder and report all problems, not just the first.")
    static final class Validate implements Callable<Integer> {
        @Parameters(defaultValue = "profile-db/profiles", paramLabel = "FOLDER", description = "default "
                + "${DEFAULT-VALUE}")
        Path folder;

        @Override
        public Integer call() throws IOException {
            List<String> problems = new ArrayList<>();
            int ok = 0;
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .sorted().toList()) {
                    try {
                        ProfileFiles.read(file);
                        ok++;
                    } catch (ProfileException e) {
                        problems.add(file.getFileName() + ": " + e.getMessage());
                    }
                }
            }
            problems.forEach(p -> System.out.println("INVALID " + p));
            System.out.printf("%d valid, %d invalid profile files in %s%n", ok, problems.size(), folder);
            return problems.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Save every profile of a folder into the configured store (a new version of each).")
    static final class Import implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(defaultValue = "profile-db/profiles", paramLabel = "FOLDER", description = "default "
                + "${DEFAULT-VALUE}")
        Path folder;

        @Override
        public Integer call() {
            List<LoadProfile> profiles = ProfileFiles.open(folder).all();
            try (TimeSeriesStore store = Stores.open(config.load().asProperties(), System.getenv())) {
                if (store == null) {
                    throw new IllegalArgumentException("store=none has nowhere to import to; use file or influx");
                }
                ProfileStore target = new ProfileStore(store, folder);
                Instant at = Instant.now();
                profiles.forEach(p -> target.save(p, at));
                store.flush(Duration.ofSeconds(30));
            }
            System.out.printf("imported %d profiles from %s%n", profiles.size(), folder);
            return 0;
        }
    }
}

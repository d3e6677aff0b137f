package dev.prescale.cli;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.profile.ShippedFiles;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                profiles = ProfileFiles.open(ShippedFiles.orShipped(folder)).all();
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
            description = {"Check profile files and print one line for each: valid, or INVALID with the field and the "
                    + "fix. Every file is checked, whatever the others hold.",
                    "Exit 0 when all are valid, 1 when some are invalid, 2 for a usage error (no such file or folder)."})
    static final class Validate implements Callable<Integer> {
        @Parameters(defaultValue = "profile-db/profiles", paramLabel = "FOLDER|FILE", arity = "0..*",
                description = "profile folders (their *.yaml files) or files; default ${DEFAULT-VALUE}")
        List<Path> paths;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<Path> files = new ArrayList<>();
            for (Path named : paths) {
                Path path = ShippedFiles.orShipped(named);
                if (Files.isDirectory(path)) {
                    try (Stream<Path> listed = Files.list(path)) {
                        listed.filter(ProfileFiles::isProfileFile).sorted().forEach(files::add);
                    } catch (IOException e) {
                        spec.commandLine().getErr().println("prescale profiles validate: cannot list " + path + " ("
                                + e.getClass().getSimpleName() + "). Fix: check the folder's permissions");
                        return 2;
                    }
                } else if (Files.isRegularFile(path)) {
                    files.add(path);
                } else {
                    spec.commandLine().getErr().println("prescale profiles validate: " + path + " is neither a "
                            + "folder nor a file. Fix: give a folder of *.yaml profiles or profile files");
                    return 2;
                }
            }
            int invalid = 0;
            Map<String, Path> idsSeen = new HashMap<>();
            for (Path file : files) {
                String problem;
                try {
                    LoadProfile profile = ProfileFiles.read(file);
                    Path earlier = idsSeen.putIfAbsent(profile.profileId(), file);
                    problem = earlier == null ? null : "profileId " + profile.profileId() + " is also defined in "
                            + earlier + "; fix: give each profile its own id";
                } catch (ProfileException e) {
                    problem = e.getMessage();
                } catch (RuntimeException | StackOverflowError e) {
                    // a bug in Prescale, not in the file: say so, and go on with the next file
                    problem = "could not be checked (" + e.getClass().getName() + "): this is a Prescale bug, please "
                            + "report it with the file";
                }
                if (problem == null) {
                    System.out.println("valid   " + file);
                } else {
                    invalid++;
                    System.out.println("INVALID " + file + ": " + oneLine(problem));
                }
            }
            System.out.printf("%d valid, %d invalid of %d profile files%n", files.size() - invalid, invalid,
                    files.size());
            return invalid == 0 ? 0 : 1;
        }
    }

    /** A message on one line: line breaks and other control characters become spaces. */
    static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ").strip();
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
            List<LoadProfile> profiles = ProfileFiles.open(ShippedFiles.orShipped(folder)).all();
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

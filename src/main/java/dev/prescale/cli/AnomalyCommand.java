package dev.prescale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescale.anomaly.NabCorpus;
import dev.prescale.anomaly.NabDetectors;
import dev.prescale.anomaly.NabProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "anomaly", mixinStandardHelpOptions = true, subcommands = AnomalyCommand.Nab.class,
        description = "Anomaly detection: score detectors on a labelled benchmark.")
final class AnomalyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    @Command(name = "nab", mixinStandardHelpOptions = true,
            description = {"Score detectors on a folder laid out like the Numenta Anomaly Benchmark (category folders "
                    + "of timestamp,value CSVs and a windows.json mapping category/file.csv to its anomaly windows) "
                    + "with NAB's scoring: one threshold per profile for the whole corpus; standard, reward-low-FP and "
                    + "reward-low-FN scores, normalised 0 (no detections) to 100 (perfect). 'held out' scores each "
                    + "half of the files at the threshold chosen on the other half. Exit 2 for a bad option or folder.",
                    "Example: prescale anomaly nab ../shared/data/nab --detector ensemble"})
    static final class Nab implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "the benchmark folder (holds windows.json)")
        Path folder;

        @Option(names = "--detector", description = "one detector (default: all of them)")
        String detector;

        @Option(names = "--json", description = "one JSON object instead of the table")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(folder.resolve("windows.json"))) {
                throw usage(folder + " has no windows.json; give a folder laid out like NAB's data/ and labels/");
            }
            List<String> names;
            try {
                names = detector == null ? NabDetectors.names() : List.of(detector);
                names.forEach(NabDetectors::named);
            } catch (IllegalArgumentException e) {
                throw usage("--detector: " + e.getMessage());
            }
            List<NabCorpus.LabelledSeries> corpus;
            try {
                corpus = NabCorpus.load(folder);
            } catch (RuntimeException e) {
                throw usage("cannot read the benchmark in " + folder + ": " + e.getMessage());
            }
            int windows = corpus.stream().mapToInt(s -> s.windows().size()).sum();
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode().put("files", corpus.size()).put("windows", windows);
            ArrayNode rows = out.putArray("detectors");
            if (!json) {
                System.out.printf(Locale.ROOT, "%d files, %d windows in %s%n%-20s %9s %9s %9s   %s%n", corpus.size(),
                        windows, folder, "detector", "standard", "low FP", "low FN",
                        "held out: standard, low FP, low FN");
            }
            for (String name : names) {
                NabCorpus.DetectorResult r = NabCorpus.evaluate(NabDetectors.named(name), corpus);
                ObjectNode row = rows.addObject().put("name", name)
                        .put("standard", r.profile(NabProfile.STANDARD).normalised())
                        .put("lowFP", r.profile(NabProfile.REWARD_LOW_FP).normalised())
                        .put("lowFN", r.profile(NabProfile.REWARD_LOW_FN).normalised());
                row.putObject("heldOut").put("standard", r.heldOut(NabProfile.STANDARD).normalised())
                        .put("lowFP", r.heldOut(NabProfile.REWARD_LOW_FP).normalised())
                        .put("lowFN", r.heldOut(NabProfile.REWARD_LOW_FN).normalised());
                row.put("pointsPerSecond", Math.round(r.pointsPerSecond()));
                if (!json) {
                    System.out.printf(Locale.ROOT, "%-20s %9.1f %9.1f %9.1f   %.1f, %.1f, %.1f%n", name,
                            r.profile(NabProfile.STANDARD).normalised(),
                            r.profile(NabProfile.REWARD_LOW_FP).normalised(),
                            r.profile(NabProfile.REWARD_LOW_FN).normalised(),
                            r.heldOut(NabProfile.STANDARD).normalised(),
                            r.heldOut(NabProfile.REWARD_LOW_FP).normalised(),
                            r.heldOut(NabProfile.REWARD_LOW_FN).normalised());
                }
            }
            if (json) {
                System.out.println(mapper.writeValueAsString(out));
            }
            return 0;
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}

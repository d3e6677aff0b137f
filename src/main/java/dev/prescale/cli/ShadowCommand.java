package dev.prescale.cli;

import dev.prescale.chaos.ChaosProfiles;
import dev.prescale.chaos.FaultSchedule;
import dev.prescale.profile.ShippedFiles;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "shadow", mixinStandardHelpOptions = true,
        description = {"Run the shadow service on 127.0.0.1 until stopped: a queueing fleet to rehearse against, and "
                + "its AWS endpoint, which the AWS SDK, the AWS CLI and boto3 scale as an Auto Scaling group and as an "
                + "ECS scalable target.",
                "Prints both as URLs, e.g. 'shadow service: http://127.0.0.1:8080' and "
                        + "'shadow aws endpoint: http://127.0.0.1:41234 (...)'."})
final class ShadowCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "the service's port; 0 for any free one "
            + "(default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--aws-port", defaultValue = "0", description = "the AWS endpoint's port; 0 for any free one "
            + "(default ${DEFAULT-VALUE})")
    int awsPort;

    @Option(names = "--chaos", paramLabel = "NAME", description = "a chaos profile of --chaos-folder to start at once")
    String chaos;

    @Option(names = "--chaos-folder", defaultValue = "profile-db/chaos", description = "default ${DEFAULT-VALUE}")
    Path chaosFolder;

    @Option(names = "--instances", defaultValue = "2", description = "instances to start with (default "
            + "${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--max", defaultValue = "20", description = "the group's maximum size (default ${DEFAULT-VALUE})")
    int max;

    @Option(names = "--group", defaultValue = "shadow-asg", description = "the Auto Scaling group name it answers to "
            + "(default ${DEFAULT-VALUE})")
    String group;

    @Option(names = "--ecs-resource", defaultValue = "service/shadow/storefront",
            description = "the ECS scalable target it answers to (default ${DEFAULT-VALUE})")
    String ecsResource;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535 || awsPort < 0 || awsPort > 65535) {
            throw new IllegalArgumentException("--port and --aws-port take 0 (any free port) to 65535");
        }
        if (instances < 0 || instances > max) {
            throw new IllegalArgumentException("--instances must be between 0 and --max (" + max + "), but was "
                    + instances);
        }
        // a bad chaos profile stops the start before any port is taken
        FaultSchedule schedule = chaos == null ? null : ChaosProfiles.load(ShippedFiles.orShipped(chaosFolder), chaos);
        ShadowConfig config = ShadowConfig.DEFAULTS.withInstances(instances);
        ShadowService service = ShadowService.start(config, port);
        ShadowAws aws;
        try {
            aws = ShadowAws.start(service.fleet(), group, ecsResource, Math.min(1, instances),
                    Math.min(max, config.maxInstances()), awsPort);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            aws.close();
            service.close();
        }));
        if (schedule != null) {
            service.inject(schedule);
            System.out.println("chaos profile " + schedule.name() + " started: " + schedule.faults().size()
                    + " faults, all over within " + schedule.maxLength().toSeconds() + " s");
        }
        System.out.println("shadow service: " + service.baseUri() + " (GET /metrics for the fleet)");
        System.out.println("shadow aws endpoint: " + aws.endpoint() + " (Auto Scaling group " + group + ", ECS target "
                + ecsResource + "; any credentials, any region)");
        System.out.println("Ctrl-C stops it");
        System.out.flush();
        Thread.currentThread().join();
        return 0;
    }
}

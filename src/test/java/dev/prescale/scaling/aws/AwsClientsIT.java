package dev.prescale.scaling.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Other AWS clients accept the shadow's AWS endpoint too: the AWS CLI and boto3 (Debian's awscli and python3-boto3,
 * which .ci/run installs) run describe, set-desired, update, register and the scheduled-action calls against
 * {@code prescale shadow}, and get AWS's error codes where AWS would refuse. Each sets the bounds it starts from, so
 * they share one shadow in either order. Skipped, saying so, where they are absent.
 */
class AwsClientsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GROUP = "shadow-asg";
    static final String SERVICE = "service/shadow/storefront";
    static final Pattern AWS_URL = Pattern.compile("shadow aws endpoint: (http://127\\.0\\.0\\.1:\\d+)");

    static Process shadow;
    static String endpoint;

    /** One run of a client: exit code, standard output, standard error. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void startPrescaleShadow() throws Exception {
        Path log = Files.createDirectories(Path.of("target", "aws-clients")).resolve("shadow.log");
        shadow = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.prescale.cli.PrescaleCli", "shadow", "--port", "0",
                "--instances", "2", "--max", "8").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 300 && endpoint == null; i++) {
            Matcher m = AWS_URL.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                endpoint = m.group(1);
            } else {
                assertThat(shadow.isAlive()).as("prescale shadow is running; see " + log).isTrue();
                Thread.sleep(100);
            }
        }
        assertThat(endpoint).as("prescale shadow printed its AWS endpoint; see " + log).isNotNull();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (shadow != null) {
            shadow.destroy();
            shadow.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theAwsCliScalesTheShadowAndGetsAwsErrorCodes() throws Exception {
        String aws = Files.isExecutable(Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws";
        assumeTrue(run(List.of(aws, "--version")).exit() == 0, "the AWS CLI is not installed (Debian: apt-get "
                + "install awscli; .ci/run installs it): skipping the AWS CLI half of the client check");

        assertThat(cli(aws, "autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name", GROUP,
                "--min-size", "1", "--max-size", "8").exit()).isZero();
        JsonNode groups = cli(aws, "autoscaling", "describe-auto-scaling-groups").json();
        assertThat(groups.at("/AutoScalingGroups/0/AutoScalingGroupName").asText()).isEqualTo(GROUP);
        assertThat(groups.at("/AutoScalingGroups/0/MaxSize").asInt()).isEqualTo(8);

        assertThat(cli(aws, "autoscaling", "set-desired-capacity", "--auto-scaling-group-name", GROUP,
                "--desired-capacity", "3").exit()).isZero();
        Run tooMany = cli(aws, "autoscaling", "set-desired-capacity", "--auto-scaling-group-name", GROUP,
                "--desired-capacity", "30");
        assertThat(tooMany.exit()).isNotZero();
        assertThat(tooMany.err()).contains("ValidationError").contains("above max value 8");
        assertThat(cli(aws, "autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name", GROUP,
                "--min-size", "2", "--max-size", "6").exit()).isZero();
        Run minAboveMax = cli(aws, "autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name", GROUP,
                "--min-size", "7");
        assertThat(minAboveMax.err()).contains("ValidationError");

        String future = iso(Instant.now().plus(2, ChronoUnit.HOURS));
        assertThat(cli(aws, "autoscaling", "put-scheduled-update-group-action", "--auto-scaling-group-name", GROUP,
                "--scheduled-action-name", "cli-launch", "--start-time", future, "--desired-capacity", "5").exit())
                .isZero();
        Run past = cli(aws, "autoscaling", "put-scheduled-update-group-action", "--auto-scaling-group-name", GROUP,
                "--scheduled-action-name", "cli-late", "--start-time", iso(Instant.now().minusSeconds(600)),
                "--desired-capacity", "5");
        assertThat(past.err()).contains("ValidationError").contains("in the past");
        JsonNode scheduled = cli(aws, "autoscaling", "describe-scheduled-actions", "--auto-scaling-group-name",
                GROUP).json();
        assertThat(scheduled.get("ScheduledUpdateGroupActions")).anySatisfy(a -> {
            assertThat(a.get("ScheduledActionName").asText()).isEqualTo("cli-launch");
            assertThat(a.get("StartTime").asText()).startsWith(future.substring(0, 16));
            assertThat(a.get("DesiredCapacity").asInt()).isEqualTo(5);
        });

        assertThat(cli(aws, "application-autoscaling", "register-scalable-target", "--service-namespace", "ecs",
                "--resource-id", SERVICE, "--scalable-dimension", "ecs:service:DesiredCount", "--min-capacity", "2",
                "--max-capacity", "6").exit()).isZero();
        Run inverted = cli(aws, "application-autoscaling", "register-scalable-target", "--service-namespace", "ecs",
                "--resource-id", SERVICE, "--scalable-dimension", "ecs:service:DesiredCount", "--min-capacity", "5",
                "--max-capacity", "3");
        assertThat(inverted.err()).contains("ValidationException");
        assertThat(cli(aws, "application-autoscaling", "put-scheduled-action", "--service-namespace", "ecs",
                "--resource-id", SERVICE, "--scalable-dimension", "ecs:service:DesiredCount",
                "--scheduled-action-name", "cli-weekly", "--schedule", "cron(0 9 ? * MON *)",
                "--scalable-target-action", "MinCapacity=3,MaxCapacity=6").exit()).isZero();
        JsonNode ecs = cli(aws, "application-autoscaling", "describe-scheduled-actions", "--service-namespace",
                "ecs").json();
        assertThat(ecs.get("ScheduledActions")).anySatisfy(a -> {
            assertThat(a.get("ScheduledActionName").asText()).isEqualTo("cli-weekly");
            assertThat(a.at("/ScalableTargetAction/MinCapacity").asInt()).isEqualTo(3);
        });
        JsonNode targets = cli(aws, "application-autoscaling", "describe-scalable-targets", "--service-namespace",
                "ecs").json();
        assertThat(targets.at("/ScalableTargets/0/MaxCapacity").asInt()).isEqualTo(6);
    }

    @Test
    void boto3ScalesTheShadowAndGetsAwsErrorCodes() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        assumeTrue(run(List.of(python, "-c", "import boto3")).exit() == 0, "boto3 is not installed (Debian: "
                + "apt-get install python3-boto3; .ci/run installs it): skipping the boto3 half of the client check");
        String script = String.join("\n",
                "import boto3, botocore, datetime, json, sys",
                "kw = dict(endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='shadow',",
                "          aws_secret_access_key='shadow')",
                "asg = boto3.client('autoscaling', **kw)",
                "aas = boto3.client('application-autoscaling', **kw)",
                "out = {}",
                "def code(call):",
                "    try:",
                "        call()",
                "        return 'ok'",
                "    except botocore.exceptions.ClientError as e:",
                "        return e.response['Error']['Code']",
                "asg.update_auto_scaling_group(AutoScalingGroupName='shadow-asg', MinSize=1, MaxSize=8)",
                "g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=['shadow-asg'])['AutoScalingGroups'][0]",
                "out['max'] = g['MaxSize']",
                "out['set'] = code(lambda: asg.set_desired_capacity(AutoScalingGroupName='shadow-asg',"
                        + " DesiredCapacity=4))",
                "out['set_too_many'] = code(lambda: asg.set_desired_capacity(AutoScalingGroupName='shadow-asg',"
                        + " DesiredCapacity=50))",
                "out['negative_min'] = code(lambda: asg.update_auto_scaling_group(AutoScalingGroupName='shadow-asg',"
                        + " MinSize=-1))",
                "soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=3)",
                "out['put'] = code(lambda: asg.put_scheduled_update_group_action(AutoScalingGroupName='shadow-asg',"
                        + " ScheduledActionName='boto-launch', StartTime=soon, DesiredCapacity=5))",
                "out['names'] = [a['ScheduledActionName'] for a in asg.describe_scheduled_actions("
                        + "AutoScalingGroupName='shadow-asg')['ScheduledUpdateGroupActions']]",
                "out['register'] = code(lambda: aas.register_scalable_target(ServiceNamespace='ecs',"
                        + " ResourceId='service/shadow/storefront', ScalableDimension='ecs:service:DesiredCount',"
                        + " MinCapacity=2, MaxCapacity=6))",
                "out['register_inverted'] = code(lambda: aas.register_scalable_target(ServiceNamespace='ecs',"
                        + " ResourceId='service/shadow/storefront', ScalableDimension='ecs:service:DesiredCount',"
                        + " MinCapacity=6, MaxCapacity=2))",
                "out['unknown_target'] = code(lambda: aas.put_scheduled_action(ServiceNamespace='ecs',"
                        + " ResourceId='service/none/x', ScalableDimension='ecs:service:DesiredCount',"
                        + " ScheduledActionName='x', Schedule='rate(5 minutes)'))",
                "out['put_ecs'] = code(lambda: aas.put_scheduled_action(ServiceNamespace='ecs',"
                        + " ResourceId='service/shadow/storefront', ScalableDimension='ecs:service:DesiredCount',"
                        + " ScheduledActionName='boto-rate', Schedule='rate(5 minutes)',"
                        + " ScalableTargetAction={'MinCapacity': 3}))",
                "out['ecs_names'] = [a['ScheduledActionName'] for a in aas.describe_scheduled_actions("
                        + "ServiceNamespace='ecs')['ScheduledActions']]",
                "print(json.dumps(out))");
        Run run = run(List.of(python, "-c", script, endpoint));
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode out = run.json();

        assertThat(out.get("max").asInt()).isEqualTo(8);
        assertThat(out.get("set").asText()).isEqualTo("ok");
        assertThat(out.get("set_too_many").asText()).isEqualTo("ValidationError");
        assertThat(out.get("negative_min").asText()).isEqualTo("ValidationError");
        assertThat(out.get("put").asText()).isEqualTo("ok");
        assertThat(out.get("names").toString()).contains("boto-launch");
        assertThat(out.get("register").asText()).isEqualTo("ok");
        assertThat(out.get("register_inverted").asText()).isEqualTo("ValidationException");
        assertThat(out.get("unknown_target").asText()).isEqualTo("ObjectNotFoundException");
        assertThat(out.get("put_ecs").asText()).isEqualTo("ok");
        assertThat(out.get("ecs_names").toString()).contains("boto-rate");
    }

    private static Run cli(String aws, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"));
        return run(command);
    }

    private static Run run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "shadow");
        env.put("AWS_SECRET_ACCESS_KEY", "shadow");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Path out = Files.createTempFile("aws-client", ".out");
        Path err = Files.createTempFile("aws-client", ".err");
        try {
            Process process;
            try {
                process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException notInstalled) {
                return new Run(127, "", notInstalled.getMessage());
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " " + command.get(1) + " did not finish in 120 s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC).format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}

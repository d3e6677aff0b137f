package dev.prescale.scaling.aws;

import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScheduledActionRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScheduledActionRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.ScheduledUpdateGroupAction;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shadow's AWS endpoint behaves as AWS where a client can tell: validation with AWS's error codes, scheduled
 * actions at their time and on their recurrence, the describe calls, and the protocols' own answers to malformed
 * requests. Driven by the real SDK's clients (and raw HTTP where the SDK would not send the malformed request).
 */
class ShadowAwsWireTest {

    static final String GROUP = "shadow-asg";
    static final String SERVICE = "service/shadow/storefront";
    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    ShadowFleet fleet;
    ShadowAws aws;
    AutoScalingClient asg;
    ApplicationAutoScalingClient appAs;

    @BeforeEach
    void start() {
        fleet = new ShadowFleet(ShadowConfig.DEFAULTS.withInstances(2), System.nanoTime());
        aws = ShadowAws.start(fleet, GROUP, SERVICE, 1, 6);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID",
                "secret"));
        asg = AutoScalingClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        appAs = ApplicationAutoScalingClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        asg.close();
        appAs.close();
        aws.close();
    }

    @Test
    void capacityOutsideTheBoundsIsAValidationErrorNeverAClamp() {
        assertCode(() -> asg.setDesiredCapacity(r -> r.autoScalingGroupName(GROUP).desiredCapacity(7)),
                "ValidationError", "above max value 6");
        assertCode(() -> asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).minSize(-1)),
                "ValidationError", "greater than or equal to 0");
        assertCode(() -> asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).desiredCapacity(9)),
                "ValidationError", "must be between");
        assertCode(() -> asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).minSize(5).maxSize(3)),
                "ValidationError", "Max bound, 3");
        assertCode(() -> asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).minSize(8)),
                "ValidationError", "Max bound, 6"); // min above the max it leaves alone
        assertCode(() -> asg.setDesiredCapacity(r -> r.autoScalingGroupName("other").desiredCapacity(2)),
                "ValidationError", "not found");
        assertThat(fleet.instanceCount()).isEqualTo(2);

        // as on AWS, new bounds without a desired capacity move the group only as far as they push it
        asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).minSize(4));
        assertThat(fleet.instanceCount()).isEqualTo(4);
        asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).minSize(1).maxSize(3));
        assertThat(fleet.instanceCount()).isEqualTo(3);

        assertCode(() -> appAs.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(SERVICE).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(5)
                .maxCapacity(2)), "ValidationException", "Minimum capacity cannot be greater than maximum");
        assertCode(() -> appAs.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/other/x").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .minCapacity(1).maxCapacity(2)), "ValidationException", "doesn't exist");
        assertThat(aws.minSize()).isEqualTo(1);
        assertThat(aws.maxSize()).isEqualTo(3);
    }

    @Test
    void aFutureScheduledActionWaitsForItsTimeAndIsDescribed() throws InterruptedException {
        Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        asg.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName(GROUP).scheduledActionName("launch")
                .startTime(at).desiredCapacity(5));
        asg.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName(GROUP).scheduledActionName("nightly")
                .recurrence("30 2 * * *").minSize(1));

        assertThat(fleet.instanceCount()).as("not before its time").isEqualTo(2);
        List<ScheduledUpdateGroupAction> described = asg.describeScheduledActions(r -> r.autoScalingGroupName(GROUP))
                .scheduledUpdateGroupActions();
        assertThat(described).extracting(ScheduledUpdateGroupAction::scheduledActionName)
                .containsExactly("launch", "nightly");
        assertThat(described.get(0).startTime()).isEqualTo(at);
        assertThat(described.get(0).desiredCapacity()).isEqualTo(5);
        ZonedDateTime nextNight = ZonedDateTime.now(ZoneOffset.UTC).withHour(2).withMinute(30).withSecond(0)
                .withNano(0);
        Instant expectedNight = (nextNight.toInstant().isAfter(Instant.now()) ? nextNight : nextNight.plusDays(1))
                .toInstant();
        assertThat(described.get(1).startTime()).isEqualTo(expectedNight);
        assertThat(described.get(1).recurrence()).isEqualTo("30 2 * * *");

        awaitInstances(5, Duration.ofSeconds(8));
        assertThat(aws.pendingScheduledActions()).containsExactly("nightly"); // the recurring one stays
    }

    @Test
    void scheduledActionsInThePastOrWithoutSizesAreRefused() {
        assertCode(() -> asg.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName(GROUP)
                .scheduledActionName("late").startTime(Instant.now().minusSeconds(60)).desiredCapacity(3)),
                "ValidationError", "Given start time is in the past");
        assertCode(() -> asg.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName(GROUP)
                .scheduledActionName("empty").startTime(Instant.now().plusSeconds(60))),
                "ValidationError", "At least one of MinSize, MaxSize or DesiredCapacity");
        assertCode(() -> asg.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName(GROUP)
                .scheduledActionName("odd").recurrence("every tuesday").minSize(1)),
                "ValidationError", "recurrence");
        assertCode(() -> appAs.putScheduledAction(r -> ecs(r).scheduledActionName("late")
                .schedule("at(" + AT.format(Instant.now().minusSeconds(60)) + ")")
                .scalableTargetAction(a -> a.minCapacity(2))), "ValidationException", "in the past");
        assertCode(() -> appAs.putScheduledAction(r -> ecs(r).scheduledActionName("odd")
                .schedule("rate(1 minutes)").scalableTargetAction(a -> a.minCapacity(2))), "ValidationException",
                "singular unit");
        assertCode(() -> appAs.putScheduledAction(r -> ecs(r).scheduledActionName("neg")
                .schedule("rate(5 minutes)").scalableTargetAction(a -> a.minCapacity(-2))), "ValidationException",
                "greater than or equal to 0");
        assertThat(aws.pendingScheduledActions()).isEmpty();
    }

    @Test
    void theEcsTargetNeverGrowsPastItsRegisteredMaximum() throws InterruptedException {
        appAs.registerScalableTarget(r -> ecs(r).minCapacity(2).maxCapacity(4));
        String at = "at(" + AT.format(Instant.now().plusSeconds(2)) + ")";
        appAs.putScheduledAction(r -> ecs(r).scheduledActionName("too-many").schedule(at)
                .scalableTargetAction(a -> a.minCapacity(8)));
        appAs.putScheduledAction(r -> ecs(r).scheduledActionName("weekly").schedule("cron(0 9 ? * MON *)")
                .scalableTargetAction(a -> a.minCapacity(3).maxCapacity(4)));

        List<ScheduledAction> described = appAs.describeScheduledActions(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(SERVICE)).scheduledActions();
        assertThat(described).extracting(ScheduledAction::scheduledActionName).containsExactly("too-many", "weekly");
        assertThat(described.get(1).schedule()).isEqualTo("cron(0 9 ? * MON *)");
        assertThat(described.get(1).scalableTargetAction().maxCapacity()).isEqualTo(4);

        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (aws.calls().stream().noneMatch(c -> c.operation().equals("scheduled:too-many"))) {
            assertThat(System.nanoTime()).as("the scheduled action ran").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(aws.calls()).contains(new ShadowAws.Call("scheduled:too-many", "ValidationException"));
        assertThat(fleet.instanceCount()).isEqualTo(2);
        assertThat(aws.maxSize()).isEqualTo(4);

        appAs.deleteScheduledAction(r -> ecs(r).scheduledActionName("weekly"));
        assertThat(aws.pendingScheduledActions()).isEmpty();
        assertCode(() -> appAs.deleteScheduledAction(r -> ecs(r).scheduledActionName("weekly")),
                "ObjectNotFoundException", "No scheduled action");
    }

    @Test
    void malformedRequestsGetTheProtocolsOwnErrorsAsClientErrors() throws Exception {
        assertThat(query("Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=" + GROUP))
                .contains("400").contains("<Code>MissingParameter</Code>").contains("DesiredCapacity");
        assertThat(query("Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=" + GROUP
                + "&DesiredCapacity=lots")).contains("400").contains("<Code>ValidationError</Code>");
        assertThat(query("Action=TerminateEverything&Version=2011-01-01")).contains("400")
                .contains("<Code>InvalidAction</Code>");
        assertThat(query("Version=2011-01-01")).contains("400").contains("<Code>MissingAction</Code>");

        assertThat(json("DescribeScalableTargets", "{\"ServiceNamespace\": ")).contains("400")
                .contains("SerializationException");
        assertThat(json("DescribeScalableTargets", "{}")).contains("400").contains("ValidationException")
                .contains("serviceNamespace");
        assertThat(json("RegisterScalableTarget", "{\"ServiceNamespace\": \"ecs\", \"ResourceId\": \"" + SERVICE
                + "\", \"ScalableDimension\": \"ecs:service:DesiredCount\", \"MinCapacity\": \"two\"}"))
                .contains("400").contains("SerializationException");
        assertThat(json("DeleteEverything", "{}")).contains("400").contains("UnknownOperationException");
        assertThat(fleet.instanceCount()).isEqualTo(2);
    }

    private static PutScheduledActionRequest.Builder ecs(PutScheduledActionRequest.Builder r) {
        return r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT);
    }

    private static RegisterScalableTargetRequest.Builder ecs(RegisterScalableTargetRequest.Builder r) {
        return r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT);
    }

    private static DeleteScheduledActionRequest.Builder ecs(DeleteScheduledActionRequest.Builder r) {
        return r.serviceNamespace(ServiceNamespace.ECS).resourceId(SERVICE)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT);
    }

    private void awaitInstances(int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (fleet.instanceCount() != count) {
            assertThat(System.nanoTime()).as("fleet reaches " + count + " instances").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void assertCode(Supplier<?> call, String code, String messagePart) {
        assertThatThrownBy(call::get).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains(messagePart);
            assertThat(e.retryable()).as("a validation error is not retried").isFalse();
        });
    }

    private String query(String form) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(aws.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("") + " " + r.body();
    }

    private String json(String operation, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(aws.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AnyScaleFrontendService." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}

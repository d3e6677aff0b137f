package dev.prescale.scaling.aws;

import dev.prescale.scaling.ScalingException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What both AWS scalers share: client configuration and error translation. Credentials and region come from the SDK's
 * default provider chains (environment, system properties, profile files, container and instance roles), never from
 * Prescale's own configuration, and are never logged.
 */
final class AwsClients {

    /** Throttling and 5xx are retried with the SDK's standard strategy (exponential backoff with jitter). */
    static final int MAX_ATTEMPTS = 5;

    private AwsClients() {
    }

    static ClientOverrideConfiguration overrides() {
        return overrides(null);
    }

    /**
     * As {@link #overrides()}, with {@code backoff} between attempts instead of the SDK's (null: the SDK's): the same
     * retry decisions and attempts, faster, for tests of what throttling does.
     */
    static ClientOverrideConfiguration overrides(BackoffStrategy backoff) {
        var retries = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS);
        if (backoff != null) {
            retries.backoffStrategy(backoff).throttlingBackoffStrategy(backoff);
        }
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retries.build())
                .apiCallTimeout(Duration.ofMinutes(2))
                .build();
    }

    static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30));
    }

    /** A failed call as a {@link ScalingException} naming the provider, operation, group and the fix. */
    static ScalingException failure(String provider, String operation, String group, Optional<URI> endpoint,
                                    RuntimeException e) {
        if (e instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? "unknown" : aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails() == null ? aws.getMessage() : aws.awsErrorDetails().errorMessage();
            return new ScalingException(provider + " " + operation + " for '" + group + "' failed: " + code + ": "
                    + message, fix(code, message), e);
        }
        if (e instanceof SdkClientException) {
            return new ScalingException(provider + " " + operation + " for '" + group + "' could not reach "
                    + endpoint.map(URI::toString).orElse("the AWS endpoint") + ": " + e.getMessage(),
                    "check the network, the region (AWS_REGION or aws.region) and, when set, the endpoint override; "
                            + "credentials come from the default chain (AWS_ACCESS_KEY_ID, ~/.aws, instance role)", e);
        }
        return new ScalingException(provider + " " + operation + " for '" + group + "' failed: " + e, "see the cause",
                e);
    }

    private static String fix(String code, String message) {
        String lower = (code + " " + message).toLowerCase();
        if (lower.contains("accessdenied") || lower.contains("not authorized") || lower.contains("unauthorized")) {
            return "grant the credentials the actions of the minimal IAM policy in README.md (Scaling on AWS)";
        }
        if (lower.contains("not found") || lower.contains("objectnotfound")) {
            return "check the group or resource name and the region; Application Auto Scaling targets must be "
                    + "registered before Prescale can schedule them";
        }
        if (lower.contains("throttl") || lower.contains("rate exceeded")) {
            return "the SDK gave up after " + MAX_ATTEMPTS + " attempts; call less often (longer controller interval) or "
                    + "ask AWS for a higher API rate";
        }
        if (lower.contains("above max") || lower.contains("below min")) {
            return "keep Prescale's bounds inside the group's MinSize/MaxSize, or let Prescale raise max "
                    + "(IncreaseMaxCapacity)";
        }
        return "see AWS's message above";
    }
}

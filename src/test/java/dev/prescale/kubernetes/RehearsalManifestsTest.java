package dev.prescale.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RehearsalManifestsTest {

    static RehearsalSpec spec() {
        return RehearsalSpec.builder("sale-rehearsal", "black-friday", "profileId: black-friday\n")
                .injectors(4).image("registry.example/prescale:0.1.0").target("http://storefront.shop:8080")
                .influx("http://influxdb.monitoring:8086", "prescale", "influx-creds").runLength(Duration.ofMinutes(2))
                .start(Instant.parse("2026-11-27T18:00:00Z")).schedule("0 6 * * 1")
                .resources("2", "2Gi").controllerConfig("controller: {group: web}\n")
                .jvmOptions(" -XX:TieredStopAtLevel=1 -Xms512m ").build();
    }

    @Test
    void everyObjectRoundTripsThroughFabric8sDeserializer() {
        List<HasMetadata> objects = RehearsalManifests.objects(spec());
        String yaml = RehearsalManifests.yaml(objects);

        List<KubernetesResource> back = RehearsalManifests.read(yaml);

        assertThat(back).extracting(o -> o.getClass().getSimpleName())
                .containsExactly("ConfigMap", "Job", "CronJob", "ConfigMap", "Deployment");
        assertThat(back).containsExactlyElementsOf(objects);
        assertThat(yaml).contains("kind: \"Job\"").contains("completionMode: \"Indexed\"")
                .contains("completions: 4").as("an env value that looks like a number or a time stays a string")
                .contains("value: \"4\"").contains("value: \"2026-11-27T18:00:00Z\"")
                .doesNotContainPattern("value: [0-9]");
    }

    @Test
    void theJobIsIndexedWithOneShardPerPodAndNoRetries() {
        Job job = RehearsalManifests.job(spec());

        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(4);
        assertThat(job.getSpec().getParallelism()).isEqualTo(4);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(t -> assertThat(t.getPodAffinityTerm().getTopologyKey())
                        .isEqualTo("kubernetes.io/hostname"));
        Container injector = pod.getContainers().get(0);
        assertThat(injector.getCommand()).containsSubsequence("-jar", RehearsalManifests.JAR, "rehearse", "--profile",
                "black-friday");
        assertThat(injector.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(env(injector, "PRESCALE_SHARD_COUNT").getValue()).isEqualTo("4");
        assertThat(env(injector, "PRESCALE_SHARD_START").getValue()).isEqualTo("2026-11-27T18:00:00Z");
        assertThat(env(injector, "PRESCALE_RUNID").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.labels['job-name']");
        assertThat(env(injector, "PRESCALE_RUNLENGTH").getValue()).isEqualTo("2m");
        assertThat(env(injector, "PRESCALE_PROFILEDB").getValue()).isEqualTo(RehearsalManifests.PROFILES);
        assertThat(env(injector, "JAVA_TOOL_OPTIONS").getValue()).isEqualTo("-XX:TieredStopAtLevel=1 -Xms512m");
        assertThat(RehearsalManifests.job(RehearsalSpec.builder("plain", "p", "").target("http://x").build())
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .as("no JVM options unless asked").noneMatch(e -> e.getName().equals("JAVA_TOOL_OPTIONS"));
        var token = env(injector, "PRESCALE_INFLUX_TOKEN").getValueFrom().getSecretKeyRef();
        assertThat(token.getName()).isEqualTo("influx-creds");
        assertThat(token.getOptional()).isTrue();
        assertThat(injector.getEnv()).noneMatch(e -> e.getName().contains("TOKEN") && e.getValue() != null);
        assertThat(injector.getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo(RehearsalManifests.PROFILES));
        assertThat(pod.getVolumes()).singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("sale-rehearsal-profile"));
    }

    @Test
    void theScheduledRehearsalMeetsAtTheBarrierAndTheControllerRunsAlone() {
        List<HasMetadata> objects = RehearsalManifests.objects(spec());
        CronJob cron = (CronJob) objects.get(2);
        Container injector = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(cron.getSpec().getSchedule()).isEqualTo("0 6 * * 1");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(injector.getEnv()).extracting(EnvVar::getName).doesNotContain("PRESCALE_SHARD_START");

        Deployment controller = (Deployment) objects.get(4);
        assertThat(controller.getSpec().getReplicas()).isEqualTo(1);
        assertThat(controller.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(((ConfigMap) objects.get(3)).getData()).containsEntry("prescale.yaml", "controller: {group: web}\n");
    }

    @Test
    void aNameKubernetesWouldRefuseIsRefusedHere() {
        assertThatThrownBy(() -> RehearsalSpec.builder("Sale_Rehearsal", "p", "").target("http://x").build())
                .hasMessageContaining("is not a Kubernetes name");
        assertThatThrownBy(() -> RehearsalSpec.builder("ok", "p", "").build()).hasMessageContaining("needs the target");
        assertThatThrownBy(() -> RehearsalSpec.builder("ok", "p", "").target("http://x").schedule("daily").build())
                .hasMessageContaining("not a cron expression");
        assertThatThrownBy(() -> RehearsalManifests.read("apiVersion: v1\nkind: Pod\nspec: {containers: 3}\n"))
                .hasMessageContaining("document 1 is not a Kubernetes object");
    }

    static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + c.getEnv()));
    }
}
